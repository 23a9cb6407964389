/**
 * Deliveries: claimed in batches by route with FOR UPDATE SKIP LOCKED under a lease, together
 * with their messages' content; their outcomes written back together with the notifications
 * they cause, finished messages removed in the same statement or transaction.
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

/** Deliveries taken, and the content of their messages (a message removed since is absent). */
export interface ClaimedWork {
  deliveries: ClaimedDelivery[];
  messages: OutgoingMessage[];
}

const CLAIMED = `d.message_id AS "messageId", d.recipient, d.original, d.route, d.mailbox, d.state,
  d.attempts, d.next_attempt_at AS "nextAttemptAt", d.delay_notified AS "delayNotified",
  d.last_response AS "lastResponse"`;

export class DeliveryRepository {
  private readonly queue: QueueRepository;

  constructor(private readonly dataSource: DataSource) {
    this.queue = new QueueRepository(dataSource);
  }

  /**
   * Takes due deliveries of one route, those of the `hint` messages first when given, with
   * their messages' content: one statement, each message's MIME read once however many of
   * its recipients were taken (a read of its own was a round trip more on every pass).
   */
  async claim(
    owner: string,
    route: 'mailbox' | 'smtp',
    limit: number,
    leaseMs: number,
    hint?: string[],
  ): Promise<ClaimedWork> {
    const params: unknown[] = [owner, leaseMs, route, limit];
    const only = hint ? `AND message_id = ANY($${params.push(hint)}::uuid[])` : '';
    const rows = rowsOf<ClaimedDelivery & Partial<OutgoingMessage>>(
      await this.dataSource.query(
        `WITH claimed AS (
           UPDATE transport.delivery d SET lease_owner = $1, lease_until = ${LEASE_UNTIL('$2')}
             FROM (SELECT message_id, recipient FROM transport.delivery
                    WHERE route = $3 AND state IN ('ready', 'retry') AND next_attempt_at <= now()
                      AND (lease_until IS NULL OR lease_until < now()) ${only}
                    ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED) due, ${UNSYNCHRONIZED}
            WHERE d.message_id = due.message_id AND d.recipient = due.recipient
            RETURNING ${CLAIMED})
         SELECT c.*, m.id, m.received_at AS "receivedAt", m.sender, coalesce(m.trace, '') AS trace,
                CASE WHEN row_number() OVER (PARTITION BY c."messageId") = 1 THEN m.mime END AS mime
           FROM claimed c LEFT JOIN transport.message m ON m.id = c."messageId"`,
        params,
      ),
    );
    const messages: OutgoingMessage[] = [];
    const deliveries = rows.map(({ id, receivedAt, sender, trace, mime, ...delivery }) => {
      if (id && mime)
        messages.push({ id, receivedAt: receivedAt!, sender: sender!, trace: trace!, mime });
      return delivery;
    });
    return { deliveries, messages };
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
