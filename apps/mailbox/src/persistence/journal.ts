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
  origin: string | null = null,
): Promise<number> {
  const [first] = await journalChanges(manager, mailboxId, folderId, [{ itemId, kind }], origin);
  return first;
}

/**
 * The same for many changes of one folder in two statements: the folder's number advances by
 * their count and each gets the next number, in the order given. Returns the numbers.
 */
export async function journalChanges(
  manager: EntityManager,
  mailboxId: string,
  folderId: string,
  entries: ReadonlyArray<{ itemId: string; kind: ChangeKind }>,
  origin: string | null = null,
): Promise<number[]> {
  if (entries.length === 0) return [];
  const [rows] = await manager.query(
    `UPDATE mailbox.folder SET change_number = change_number + $3
     WHERE id = $1 AND mailbox_id = $2 RETURNING change_number`,
    [folderId, mailboxId, entries.length],
  );
  const first = Number(rows[0].change_number) - entries.length + 1;
  await manager.query(
    // clock_timestamp(), not now(): taken while holding the folder's lock, so `at` follows the numbers.
    `INSERT INTO mailbox.journal (mailbox_id, folder_id, change_number, item_id, kind, origin, at)
     SELECT $1, $2, $3::bigint + e.ord - 1, e.item_id, e.kind, $6, clock_timestamp()
     FROM unnest($4::uuid[], $5::text[]) WITH ORDINALITY AS e(item_id, kind, ord)`,
    [mailboxId, folderId, first, entries.map((e) => e.itemId), entries.map((e) => e.kind), origin],
  );
  return entries.map((_, i) => first + i);
}
