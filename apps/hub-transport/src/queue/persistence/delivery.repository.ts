/**
 * Deliveries: claimed in batches by route with FOR UPDATE SKIP LOCKED under a lease, their
 * message content read once per batch, their outcomes written back together with the
 * notifications they cause, finished messages removed in the same transaction.
 */
import type { DataSource } from 'typeorm';
import type {
  ClaimedDelivery,
  DeliveryUpdate,
  NewMessage,
  OutgoingMessage,
} from '../queued-message';
import { QueueRepository, removeFinished } from './queue.repository';
import { LEASE_UNTIL, UNSYNCHRONIZED, rowsOf, valuesList } from './sql';

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
   * messages whose outcomes were written, and removes the messages now finished.
   */
  async applyResults(
    owner: string,
    updates: DeliveryUpdate[],
    notifications: Array<{ about: string; message: NewMessage }>,
  ): Promise<void> {
    if (updates.length === 0) return;
    await this.queue.unsynchronized(async (manager) => {
      const params: unknown[] = [owner];
      const list = valuesList(
        updates.map((u) => [
          u.messageId,
          u.recipient,
          u.state,
          u.attempts,
          u.nextAttemptAt,
          u.delayNotified,
          u.lastResponse?.slice(0, 2000) ?? null,
          u.remoteMta,
          u.connector,
        ]),
        ['uuid', 'text', 'text', 'int', 'timestamptz', 'bool', 'text', 'text', 'text'],
        params,
      );
      const written = rowsOf<{ id: string }>(
        await manager.query(
          `UPDATE transport.delivery d SET state = v.state, attempts = v.attempts,
                  next_attempt_at = v.next, delay_notified = v.notified, last_response = v.response,
                  remote_mta = coalesce(v.mta, d.remote_mta), connector = coalesce(v.connector, d.connector),
                  lease_owner = NULL, lease_until = NULL
             FROM (VALUES ${list}) AS v(message_id, recipient, state, attempts, next, notified, response, mta, connector)
            WHERE d.message_id = v.message_id AND d.recipient = v.recipient AND d.lease_owner = $1
            RETURNING d.message_id AS id`,
          params,
        ),
      );
      const messages = new Set(written.map((row) => row.id));
      await this.queue.insertMessages(
        notifications.filter((n) => messages.has(n.about)).map((n) => n.message),
        manager,
      );
      await removeFinished(manager, [...messages]);
    });
  }
}
