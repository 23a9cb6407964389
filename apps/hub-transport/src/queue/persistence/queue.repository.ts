/**
 * Accepting messages and categorizing them. Accepted messages are written durably in one
 * statement per batch (the 250 waits for it); everything after is written with
 * synchronous_commit off: losing such a write in a database crash only means the work is
 * done again, which deliveries tolerate (the mailbox is idempotent per queue id and
 * recipient), and any later durable commit flushes it anyway.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { MessageToCategorize, NewDelivery, NewMessage } from '../queued-message';
import type { WorkInHand } from '../work-in-hand';
import { LEASE_UNTIL, UNSYNCHRONIZED, rowsOf, valuesList } from './sql';

const MESSAGE_CASTS = [
  'uuid',
  'timestamptz',
  'text',
  'text[]',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'int',
  'int',
  'bool',
  'bool',
  'bytea',
];

const TO_CATEGORIZE = `id, received_at AS "receivedAt", sender, recipients, source, connector,
  client_address AS "clientAddress", client_name AS "clientName", protocol, auth_user AS "authUser",
  hops, has_message_id AS "hasMessageId", has_date AS "hasDate", attempts`;

export class QueueRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Writes accepted messages; with `lease`, already leased to that owner (the instance that
   * accepted them categorizes them from memory, without claiming them back).
   */
  async insertMessages(
    messages: NewMessage[],
    manager: EntityManager = this.dataSource.manager,
    lease?: { owner: string; leaseMs: number },
  ): Promise<void> {
    if (messages.length === 0) return;
    const params: unknown[] = [];
    const rows = messages.map((m) => [
      m.id,
      m.receivedAt,
      m.sender,
      m.recipients,
      m.source,
      m.connector,
      m.clientAddress,
      m.clientName,
      m.protocol,
      m.authUser,
      m.mime.length,
      m.hops,
      m.hasMessageId,
      m.hasDate,
      m.mime,
    ]);
    const values = valuesList(rows, MESSAGE_CASTS, params);
    const [leaseColumns, leased] = lease
      ? [
          ', lease_owner, lease_until',
          `, $${params.push(lease.owner)}::text, ${LEASE_UNTIL(`$${params.push(lease.leaseMs)}`)}`,
        ]
      : ['', ''];
    await manager.query(
      `INSERT INTO transport.message (id, received_at, sender, recipients, source, connector,
         client_address, client_name, protocol, auth_user, size, hops, has_message_id, has_date,
         mime, next_attempt_at${leaseColumns})
       SELECT v.*, now()${leased} FROM (VALUES ${values}) AS v`,
      params,
    );
  }

  /**
   * A submission carrying a client id: written only if that id is new for the user, else the
   * first submission's queue id is answered (a retried EAS SendMail is not sent twice).
   */
  async insertSubmission(
    message: NewMessage,
    user: string,
    clientId: string,
  ): Promise<{ queueId: string; recipients: string[]; duplicate: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const claimed = await manager.query(
        `INSERT INTO transport.submission (user_principal_name, client_id, queue_id, recipients)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING queue_id`,
        [user, clientId, message.id, message.recipients],
      );
      if (claimed.length === 0) {
        const [earlier] = await manager.query(
          `SELECT queue_id AS "queueId", recipients FROM transport.submission
            WHERE user_principal_name = $1 AND client_id = $2`,
          [user, clientId],
        );
        return { ...earlier, duplicate: true };
      }
      await this.insertMessages([message], manager);
      return { queueId: message.id, recipients: message.recipients, duplicate: false };
    });
  }

  async pruneSubmissions(olderThanMs: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM transport.submission WHERE submitted_at < now() - $1::int * interval '1 millisecond'`,
      [olderThanMs],
    );
  }

  /** Takes messages waiting for the categorizer, `hint` first (those this instance accepted). */
  async claimToCategorize(
    owner: string,
    limit: number,
    leaseMs: number,
    hint?: string[],
  ): Promise<MessageToCategorize[]> {
    const params: unknown[] = [owner, leaseMs, limit];
    const only = hint ? `AND id = ANY($${params.push(hint)}::uuid[])` : '';
    return rowsOf<MessageToCategorize>(
      await this.dataSource.query(
        `UPDATE transport.message SET lease_owner = $1, lease_until = ${LEASE_UNTIL('$2')}
           FROM ${UNSYNCHRONIZED}
          WHERE id IN (SELECT id FROM transport.message
                        WHERE NOT categorized AND next_attempt_at <= now()
                          AND (lease_until IS NULL OR lease_until < now()) ${only}
                        ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
          RETURNING ${TO_CATEGORIZE}`,
        params,
      ),
    );
  }

  /**
   * Records categorized messages (still leased by `owner`): their trace fields and
   * deliveries, with the notifications their refused recipients caused. A message left with
   * nothing to deliver is removed. Answers the ids written. One statement
   * (transport.complete_categorization), in a transaction with the notifications when there
   * are any.
   */
  async completeCategorization(
    owner: string,
    done: Array<{ id: string; trace: string; deliveries: NewDelivery[] }>,
    notifications: Array<{ about: string; message: NewMessage }>,
  ): Promise<string[]> {
    if (done.length === 0) return [];
    const deliveries = done.flatMap((d) => d.deliveries);
    const params = [
      owner,
      done.map((d) => d.id),
      done.map((d) => d.trace),
      deliveries.map((d) => d.messageId),
      deliveries.map((d) => d.recipient),
      deliveries.map((d) => d.original),
      deliveries.map((d) => d.route),
      deliveries.map((d) => d.mailbox),
    ];
    return this.withNotifications(
      'SELECT transport.complete_categorization($1, $2, $3, $4, $5, $6, $7, $8) AS id',
      params,
      notifications,
    );
  }

  /**
   * Runs a queue function that answers the ids of the messages it wrote, then queues the
   * notifications about those messages in the same transaction. Without notifications, the
   * function's own statement is the whole transaction: one round trip.
   */
  async withNotifications(
    call: string,
    params: unknown[],
    notifications: Array<{ about: string; message: NewMessage }>,
  ): Promise<string[]> {
    const ids = async (manager: EntityManager) =>
      ((await manager.query(call, params)) as Array<{ id: string }>).map((row) => row.id);
    if (notifications.length === 0) return ids(this.dataSource.manager);
    return this.unsynchronized(async (manager) => {
      const written = new Set(await ids(manager));
      await this.insertMessages(
        notifications.filter((n) => written.has(n.about)).map((n) => n.message),
        manager,
      );
      return [...written];
    });
  }

  /**
   * Removes messages `owner` still leases whose every recipient was delivered from memory
   * before any delivery row was written. The commit does not wait for the disk: a removal
   * lost in a crash only makes the message categorized and delivered again, and the mailbox
   * answers that repeat as a duplicate.
   */
  async removeDelivered(owner: string, ids: string[]): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM transport.message m USING ${UNSYNCHRONIZED}
        WHERE m.id = ANY($2::uuid[]) AND m.lease_owner = $1`,
      [owner, ids],
    );
  }

  /** Leaves a message for a later pass (the directory could not be asked). */
  async deferCategorization(owner: string, id: string, error: string, delayMs: number) {
    await this.dataSource.query(
      `UPDATE transport.message SET attempts = attempts + 1, last_error = $3,
              next_attempt_at = ${LEASE_UNTIL('$4')}, lease_owner = NULL, lease_until = NULL
        WHERE id = $1 AND lease_owner = $2`,
      [id, owner, error.slice(0, 1000), delayMs],
    );
  }

  /** The start of a message's MIME, for the header section a notification returns. */
  async head(id: string, bytes: number): Promise<Buffer> {
    const [row] = await this.dataSource.query(
      'SELECT substring(mime from 1 for $2) AS head FROM transport.message WHERE id = $1',
      [id, bytes],
    );
    return row?.head ?? Buffer.alloc(0);
  }

  /**
   * Keeps the leases of the work `owner` has in hand (work-in-hand.ts). A row another
   * transaction has locked is skipped, not waited for: that is the worker finishing it, and
   * waiting would deadlock with its statement, which locks rows in another order.
   */
  async renewLeases(owner: string, leaseMs: number, held: ReturnType<WorkInHand['held']>) {
    if (held.messages.length === 0 && held.deliveries.length === 0) return;
    await this.unsynchronized(async (manager) => {
      if (held.messages.length)
        await manager.query(
          `UPDATE transport.message SET lease_until = ${LEASE_UNTIL('$2')}
            WHERE id IN (SELECT id FROM transport.message
                          WHERE id = ANY($3::uuid[]) AND lease_owner = $1 FOR UPDATE SKIP LOCKED)`,
          [owner, leaseMs, held.messages],
        );
      if (held.deliveries.length)
        await manager.query(
          `UPDATE transport.delivery d SET lease_until = ${LEASE_UNTIL('$2')}
             FROM (SELECT message_id, recipient FROM transport.delivery
                    WHERE (message_id, recipient) IN (SELECT * FROM unnest($3::uuid[], $4::text[]))
                      AND lease_owner = $1 FOR UPDATE SKIP LOCKED) mine
            WHERE d.message_id = mine.message_id AND d.recipient = mine.recipient`,
          [
            owner,
            leaseMs,
            held.deliveries.map((d) => d.messageId),
            held.deliveries.map((d) => d.recipient),
          ],
        );
    });
  }

  /** Hands back everything `owner` holds, for another worker to take at once. */
  async releaseLeases(owner: string): Promise<void> {
    for (const table of ['message', 'delivery'])
      await this.dataSource.query(
        `UPDATE transport.${table} SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1`,
        [owner],
      );
  }

  /** A transaction whose commit does not wait for the disk (see the top of this file). */
  unsynchronized<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL synchronous_commit = off');
      return work(manager);
    });
  }
}
