import type { EntityManager } from 'typeorm';
import type { ChangeKind } from '@mail/contracts';

/**
 * Advances a folder's change number and journals the item's change, inside the caller's
 * transaction. The UPDATE takes the folder row's lock until commit, so writers on one folder
 * run one after the other and its numbers grow by exactly one per change, without gaps.
 */
export async function journalChange(
  manager: EntityManager,
  mailboxId: string,
  folderId: string,
  itemId: string,
  kind: ChangeKind,
): Promise<number> {
  const [rows] = await manager.query(
    `UPDATE mailbox.folder SET change_number = change_number + 1
     WHERE id = $1 AND mailbox_id = $2 RETURNING change_number`,
    [folderId, mailboxId],
  );
  const changeNumber = Number(rows[0].change_number);
  await manager.query(
    // clock_timestamp(), not now(): taken while holding the folder's lock, so `at` follows the numbers.
    `INSERT INTO mailbox.journal (mailbox_id, folder_id, change_number, item_id, kind, at)
     VALUES ($1, $2, $3, $4, $5, clock_timestamp())`,
    [mailboxId, folderId, changeNumber, itemId, kind],
  );
  return changeNumber;
}
