/**
 * The queue as administrators see it: messages with a state derived from their deliveries,
 * one message in detail, retry now, remove; and the counts behind the queue metrics.
 */
import type { DataSource } from 'typeorm';
import type {
  QueueDelivery,
  QueueMessageDetail,
  QueueMessageState,
  QueueMessageSummary,
} from '@mail/contracts';
import { rowsOf } from './sql';

/** Each message with its state: new, active (held by a worker), ready or retry. */
const SUMMARY = `
  SELECT m.id AS "queueId", m.received_at AS "receivedAt", m.sender, m.source, m.size,
         cardinality(m.recipients) AS recipients,
         count(d.recipient) FILTER (WHERE d.state IN ('ready', 'retry'))::int AS pending,
         CASE
           WHEN m.lease_until > now() OR bool_or(d.lease_until > now()) THEN 'active'
           WHEN NOT m.categorized THEN 'new'
           WHEN bool_or(d.state = 'ready') THEN 'ready'
           ELSE 'retry'
         END AS state,
         CASE WHEN m.categorized
              THEN min(d.next_attempt_at) FILTER (WHERE d.state IN ('ready', 'retry'))
              ELSE m.next_attempt_at END AS "nextAttemptAt",
         coalesce((array_agg(d.last_response ORDER BY d.attempts DESC)
                     FILTER (WHERE d.state = 'retry'))[1], m.last_error) AS "lastError"
    FROM transport.message m LEFT JOIN transport.delivery d ON d.message_id = m.id
   GROUP BY m.id`;

type SummaryRow = Omit<QueueMessageSummary, 'receivedAt' | 'nextAttemptAt'> & {
  receivedAt: Date;
  nextAttemptAt: Date | null;
};

const summaryOf = (row: SummaryRow): QueueMessageSummary => ({
  ...row,
  receivedAt: row.receivedAt.toISOString(),
  nextAttemptAt: row.nextAttemptAt ? row.nextAttemptAt.toISOString() : null,
});

export class QueueAdminRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: {
    state?: QueueMessageState;
    offset: number;
    limit: number;
  }): Promise<{ messages: QueueMessageSummary[]; total: number }> {
    const params: unknown[] = [filter.limit, filter.offset];
    const where = filter.state ? `WHERE s.state = $${params.push(filter.state)}` : '';
    const rows: Array<SummaryRow & { total: number }> = await this.dataSource.query(
      `SELECT s.*, count(*) OVER ()::int AS total FROM (${SUMMARY}) s ${where}
        ORDER BY s."receivedAt", s."queueId" LIMIT $1 OFFSET $2`,
      params,
    );
    return {
      messages: rows.map(({ total: _total, ...row }) => summaryOf(row)),
      total: rows[0]?.total ?? 0,
    };
  }

  async show(queueId: string): Promise<QueueMessageDetail | null> {
    const [row]: SummaryRow[] = await this.dataSource.query(
      `SELECT * FROM (${SUMMARY}) s WHERE s."queueId" = $1`,
      [queueId],
    );
    if (!row) return null;
    const [{ recipients }] = await this.dataSource.query(
      'SELECT recipients FROM transport.message WHERE id = $1',
      [queueId],
    );
    const deliveries: Array<Omit<QueueDelivery, 'nextAttemptAt'> & { nextAttemptAt: Date | null }> =
      await this.dataSource.query(
        `SELECT recipient, original AS "originalRecipient", route,
                CASE WHEN state IN ('ready', 'retry') AND lease_until > now() THEN 'ready' ELSE state END AS state,
                attempts, next_attempt_at AS "nextAttemptAt", last_response AS "lastResponse"
           FROM transport.delivery WHERE message_id = $1 ORDER BY recipient`,
        [queueId],
      );
    return {
      ...summaryOf(row),
      envelopeRecipients: recipients,
      deliveries: deliveries.map((d) => ({
        ...d,
        nextAttemptAt: d.nextAttemptAt ? d.nextAttemptAt.toISOString() : null,
      })),
    };
  }

  /** Makes the message's waiting deliveries (or its categorization) due now; how many. */
  async retryNow(queueId: string): Promise<number | null> {
    const [message] = await this.dataSource.query(
      'SELECT categorized FROM transport.message WHERE id = $1',
      [queueId],
    );
    if (!message) return null;
    if (!message.categorized) {
      await this.dataSource.query(
        'UPDATE transport.message SET next_attempt_at = now() WHERE id = $1',
        [queueId],
      );
      return 1;
    }
    const updated = rowsOf(
      await this.dataSource.query(
        `UPDATE transport.delivery SET state = 'ready', next_attempt_at = now()
          WHERE message_id = $1 AND state = 'retry' RETURNING recipient`,
        [queueId],
      ),
    );
    return updated.length;
  }

  /** Deliveries first, then the message: the order workers lock them in, so no deadlock. */
  async remove(queueId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM transport.delivery WHERE message_id = $1', [queueId]);
      const removed = rowsOf(
        await manager.query('DELETE FROM transport.message WHERE id = $1 RETURNING id', [queueId]),
      );
      return removed.length > 0;
    });
  }

  /** Messages by state and deliveries waiting by route: the queue gauges. */
  async counts(): Promise<{
    messages: Record<string, number>;
    deliveries: Record<string, number>;
  }> {
    const messages: Array<{ state: string; n: number }> = await this.dataSource.query(
      `SELECT s.state, count(*)::int AS n FROM (${SUMMARY}) s GROUP BY s.state`,
    );
    const deliveries: Array<{ key: string; n: number }> = await this.dataSource.query(
      `SELECT route || ':' || state AS key, count(*)::int AS n FROM transport.delivery
        WHERE state IN ('ready', 'retry') GROUP BY route, state`,
    );
    return {
      messages: Object.fromEntries(messages.map((r) => [r.state, r.n])),
      deliveries: Object.fromEntries(deliveries.map((r) => [r.key, r.n])),
    };
  }
}
