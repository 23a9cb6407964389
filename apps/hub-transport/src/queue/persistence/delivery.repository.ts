/**
 * Deliveries: claimed in batches by route with FOR UPDATE SKIP LOCKED under a lease, their
 * message content read once per batch, their outcomes written back together with the
 * notifications they cause, finished messages removed in the same statement or transaction.
 */
import type { DataSource } from 'typeorm';
import type {
  ClaimedDelivery,
  DeliveryUpdate,
  NewMessage,
  OutgoingMessage,
} from '../queued-message';
import { QueueRepository } from './queue.repository';
import { LEASE_UNTIL, UNSYNCHRONIZED, rowsOf } from './sql';

const CLAIMED = `d.message_id AS "messageId", d.recipient, d.original, d.route, d.mailbox, d.state,
  d.attempts, d.next_attempt_at AS "nextAttemptAt", d.delay_notified AS "delayNotified",
  d.last_response AS "lastResponse"`;

export class DeliveryRepository {
  private readonly queue: QueueRepository;

  constructor(private readonly dataSource: DataSource) {
    this.queue = new QueueRepository(dataSource);
  }

  /** Takes due deliveries of one route, those of the `hint` messages first when given. */
  async claim(
    owner: string,
    route: 'mailbox' | 'smtp',
    limit: number,
    leaseMs: number,
    hint?: string[],
  ): Promise<ClaimedDelivery[]> {
    const params: unknown[] = [owner, leaseMs, route, limit];
    const only = hint ? `AND message_id = ANY($${params.push(hint)}::uuid[])` : '';
    return rowsOf<ClaimedDelivery>(
      await this.dataSource.query(
        `UPDATE transport.delivery d SET lease_owner = $1, lease_until = ${LEASE_UNTIL('$2')}
           FROM (SELECT message_id, recipient FROM transport.delivery
                  WHERE route = $3 AND state IN ('ready', 'retry') AND next_attempt_at <= now()
                    AND (lease_until IS NULL OR lease_until < now()) ${only}
                  ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED) due, ${UNSYNCHRONIZED}
          WHERE d.message_id = due.message_id AND d.recipient = due.recipient
          RETURNING ${CLAIMED}`,
        params,
      ),
    );
  }

  async outgoing(ids: string[]): Promise<OutgoingMessage[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(
      `SELECT id, received_at AS "receivedAt", sender, coalesce(trace, '') AS trace, mime
         FROM transport.message WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /**
   * Writes outcomes of deliveries `owner` still holds, queues the notifications of the
   * messages whose outcomes were written, and removes the messages now finished: one
   * statement (transport.apply_delivery_results) when there is nothing to notify.
   */
  async applyResults(
    owner: string,
    updates: DeliveryUpdate[],
    notifications: Array<{ about: string; message: NewMessage }>,
  ): Promise<void> {
    if (updates.length === 0) return;
    await this.queue.withNotifications(
      'SELECT transport.apply_delivery_results($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) AS id',
      [
        owner,
        updates.map((u) => u.messageId),
        updates.map((u) => u.recipient),
        updates.map((u) => u.state),
        updates.map((u) => u.attempts),
        updates.map((u) => u.nextAttemptAt),
        updates.map((u) => u.delayNotified),
        updates.map((u) => u.lastResponse?.slice(0, 2000) ?? null),
        updates.map((u) => u.remoteMta),
        updates.map((u) => u.connector),
      ],
      notifications,
    );
  }
}
