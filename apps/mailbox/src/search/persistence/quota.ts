import type { EntityManager } from 'typeorm';
import { BusError } from '@mail/runtime';
import { notFound } from '../../errors';

/**
 * Refuses to store `incomingBytes` more in a mailbox over its quota. Call it inside the
 * storing transaction, before the counters are raised: it locks the mailbox row (first in the
 * role's lock order), so two concurrent deliveries cannot both pass on the same headroom.
 * Refused as `forbidden`, not temporary: Exchange answers a full mailbox with 552 5.2.2.
 */
export async function checkQuota(
  manager: EntityManager,
  mailboxId: string,
  incomingBytes: number,
): Promise<void> {
  const [row] = await manager.query(
    'SELECT quota_bytes, total_size FROM mailbox.mailbox WHERE id = $1 FOR UPDATE',
    [mailboxId],
  );
  if (!row) throw notFound('mailbox');
  if (row.quota_bytes === null) return;
  const quota = Number(row.quota_bytes);
  if (Number(row.total_size) + incomingBytes > quota)
    throw new BusError(
      'forbidden',
      `mailbox full: ${incomingBytes} bytes more would pass its quota of ${quota} bytes`,
      false,
    );
}
