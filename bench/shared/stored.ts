// Time from each SMTP 250 to the mailbox's record of the delivery (mailbox.delivery.delivered_at,
// set at the start of the transaction that stores the item), read from the database: shared by
// the SMTP and the push benchmarks.
import type { Client } from 'pg';

export interface Accepted {
  /** From the 250's text, `Queued as <id>`. */
  queueId: string;
  /** Date.now() when the 250 arrived. */
  at: number;
}

/** The queue id a final 250 names, if any. */
export const queueIdOf = (replyText: string) => /Queued as (\S+)/.exec(replyText)?.[1];

/** Waits (up to `timeoutMs`) for every accepted message to be stored; when each was (epoch ms). */
async function storedAt(
  sql: Client,
  accepted: Accepted[],
  timeoutMs = 300_000,
): Promise<Map<string, number>> {
  const deadline = Date.now() + timeoutMs;
  let rows: Array<{ queue_id: string; delivered: string }> = [];
  while (Date.now() < deadline) {
    ({ rows } = await sql.query(
      `SELECT queue_id, (extract(epoch FROM delivered_at) * 1000)::bigint::text AS delivered
         FROM mailbox.delivery WHERE queue_id = ANY($1)`,
      [accepted.map((a) => a.queueId)],
    ));
    if (rows.length >= accepted.length) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return new Map(rows.map((r) => [r.queue_id, Number(r.delivered)]));
}

/**
 * Waits (up to `timeoutMs`) for every accepted message to be stored: when each was (epoch ms,
 * by queue id), and the ms from its 250 for each stored one.
 */
export async function storedAfter(sql: Client, accepted: Accepted[], timeoutMs = 300_000) {
  const stored = await storedAt(sql, accepted, timeoutMs);
  const times = accepted
    .filter((a) => stored.has(a.queueId))
    .map((a) => stored.get(a.queueId)! - a.at);
  return { delivered: stored.size, stored, times };
}
