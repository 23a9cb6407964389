import type { EntityManager } from 'typeorm';

/**
 * Claims a caller's idempotency key for a new item, inside the creating transaction: null when
 * the claim is new (go on and create), else the item the first claim made. A racing retry waits
 * on the key's row and then finds the first one's item.
 */
export async function claimClientKey(
  manager: EntityManager,
  claim: { mailboxId: string; key: string; itemId: string; folderId: string },
): Promise<{ itemId: string; folderId: string } | null> {
  const claimed = await manager.query(
    `INSERT INTO mailbox.client_key (mailbox_id, key, item_id, folder_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING item_id`,
    [claim.mailboxId, claim.key, claim.itemId, claim.folderId],
  );
  if (claimed.length > 0) return null;
  const [first] = await manager.query(
    `SELECT item_id AS "itemId", folder_id AS "folderId" FROM mailbox.client_key
     WHERE mailbox_id = $1 AND key = $2`,
    [claim.mailboxId, claim.key],
  );
  return first;
}
