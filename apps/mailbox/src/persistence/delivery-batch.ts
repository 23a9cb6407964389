/**
 * Many deliveries in one transaction: one commit (one WAL flush) and a handful of multi-row
 * statements instead of a transaction of nine statements each. Same rows, same lock order
 * (delivery keys sorted, then mailbox rows, then folder rows, each in id order) and the same
 * journal numbering as one delivery at a time. A mailbox the batch would take past its quota
 * fails the whole batch with OverQuotaInBatch, and the caller delivers those one by one.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { MAILBOX_LIMITS } from '../limits';
import type { NewDelivery } from './item.repository';

export interface BatchEntry extends NewDelivery {
  itemId: string;
}
export interface BatchResult {
  itemId: string;
  folderId: string;
  duplicate: boolean;
}

export class OverQuotaInBatch extends Error {}

const column = <T>(entries: BatchEntry[], pick: (e: BatchEntry) => T) => entries.map(pick);
const key = (e: { queueId: string; recipient: string }) => `${e.recipient}\n${e.queueId}`;

/**
 * Byte strings as one binary parameter and where each starts (from 1) and how long it is.
 * node-postgres sends a Buffer as it is, but each element of a bytea[] as hex text: twice the
 * bytes to write to the socket and for the server to parse. A batch past the bound is refused
 * (and its deliveries written one by one) rather than held in memory twice.
 */
function packed(parts: Buffer[]) {
  const starts: number[] = [];
  let at = 1;
  for (const part of parts) {
    starts.push(at);
    at += part.length;
  }
  if (at > MAILBOX_LIMITS.deliveryBatchBytes) throw new Error('batch too large to write at once');
  return { bytes: Buffer.concat(parts, at - 1), starts, lengths: parts.map((p) => p.length) };
}

/** Stores entries with distinct (queue id, recipient); results in the entries' order. */
export async function deliverBatch(
  dataSource: DataSource,
  batch: BatchEntry[],
): Promise<BatchResult[]> {
  const entries = [...batch].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  return dataSource.transaction(async (manager) => {
    const claimed: Array<{ queue_id: string; recipient: string }> = await manager.query(
      `INSERT INTO mailbox.delivery (queue_id, recipient, item_id, folder_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[])
       ON CONFLICT DO NOTHING RETURNING queue_id, recipient`,
      [
        column(entries, (e) => e.queueId),
        column(entries, (e) => e.recipient),
        column(entries, (e) => e.itemId),
        column(entries, (e) => e.folderId),
      ],
    );
    const isNew = new Set(
      claimed.map((row) => key({ queueId: row.queue_id, recipient: row.recipient })),
    );
    const fresh = entries.filter((e) => isNew.has(key(e)));
    const earlier = await firstDeliveries(
      manager,
      entries.filter((e) => !isNew.has(key(e))),
    );
    if (fresh.length > 0) await store(manager, fresh);
    return batch.map(
      (e) => earlier.get(key(e)) ?? { itemId: e.itemId, folderId: e.folderId, duplicate: false },
    );
  });
}

async function firstDeliveries(manager: EntityManager, repeats: BatchEntry[]) {
  const found = new Map<string, BatchResult>();
  if (repeats.length === 0) return found;
  const rows: Array<{ queue_id: string; recipient: string; item_id: string; folder_id: string }> =
    await manager.query(
      `SELECT d.queue_id, d.recipient, d.item_id, d.folder_id FROM mailbox.delivery d
       JOIN unnest($1::text[], $2::text[]) AS r(queue_id, recipient)
         ON d.queue_id = r.queue_id AND d.recipient = r.recipient`,
      [column(repeats, (e) => e.queueId), column(repeats, (e) => e.recipient)],
    );
  for (const row of rows)
    found.set(key({ queueId: row.queue_id, recipient: row.recipient }), {
      itemId: row.item_id,
      folderId: row.folder_id,
      duplicate: true,
    });
  return found;
}

async function store(manager: EntityManager, entries: BatchEntry[]) {
  const mailboxIds = [...new Set(entries.map((e) => e.mailboxId))].sort();
  const boxes: Array<{ id: string; quota_bytes: string | null; total_size: string }> =
    await manager.query(
      `SELECT id, quota_bytes, total_size FROM mailbox.mailbox
       WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [mailboxIds],
    );
  for (const box of boxes) {
    const incoming = entries
      .filter((e) => e.mailboxId === box.id)
      .reduce((sum, e) => sum + e.raw.length, 0);
    if (box.quota_bytes !== null && Number(box.total_size) + incoming > Number(box.quota_bytes))
      throw new OverQuotaInBatch();
  }
  await manager.query(
    `UPDATE mailbox.mailbox m SET item_count = item_count + c.n, total_size = total_size + c.size
     FROM (SELECT id, count(*) AS n, sum(size) AS size
           FROM unnest($1::uuid[], $2::bigint[]) AS x(id, size) GROUP BY id) c
     WHERE m.id = c.id`,
    [column(entries, (e) => e.mailboxId), column(entries, (e) => e.raw.length)],
  );
  const numbers = await journal(manager, entries);
  await insertItems(manager, entries, numbers);
}

/** Advances each folder by its entries' count (folders in id order) and journals the adds. */
async function journal(manager: EntityManager, entries: BatchEntry[]): Promise<number[]> {
  const folderIds = [...new Set(entries.map((e) => e.folderId))].sort();
  const counts = folderIds.map((id) => entries.filter((e) => e.folderId === id).length);
  // An UPDATE joined to a list locks in no set order: lock the rows in id order first.
  await manager.query(
    'SELECT 1 FROM mailbox.folder WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
    [folderIds],
  );
  const [rows] = await manager.query(
    `UPDATE mailbox.folder f SET change_number = f.change_number + c.n
     FROM unnest($1::uuid[], $2::int[]) AS c(id, n)
     WHERE f.id = c.id RETURNING f.id, f.change_number`,
    [folderIds, counts],
  );
  const next = new Map<string, number>(
    rows.map((row: { id: string; change_number: string }) => [
      row.id,
      Number(row.change_number) - counts[folderIds.indexOf(row.id)] + 1,
    ]),
  );
  const numbers = entries.map((e) => {
    const n = next.get(e.folderId)!;
    next.set(e.folderId, n + 1);
    return n;
  });
  await manager.query(
    `INSERT INTO mailbox.journal (mailbox_id, folder_id, change_number, item_id, kind, at)
     SELECT mailbox_id, folder_id, n, item_id, 'add', clock_timestamp()
     FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::uuid[]) AS x(mailbox_id, folder_id, n, item_id)`,
    [
      column(entries, (e) => e.mailboxId),
      column(entries, (e) => e.folderId),
      numbers,
      column(entries, (e) => e.itemId),
    ],
  );
  return numbers;
}

async function insertItems(manager: EntityManager, entries: BatchEntry[], numbers: number[]) {
  const p = (e: BatchEntry) => e.parsed;
  await manager.query(
    `INSERT INTO mailbox.item (id, mailbox_id, folder_id, item_class, importance, message_class,
       subject, sender, to_recipients, cc_recipients, reply_to, display_to, date_received,
       filter_date, conversation_id, conversation_index, preview, size, has_attachments,
       body_text, body_html, change_number)
     SELECT id, mailbox_id, folder_id, 'Email', importance, message_class, subject, sender,
       to_recipients, cc_recipients, reply_to, display_to, received, received, conversation_id,
       conversation_index, preview, size, has_attachments, body_text, body_html, n
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::smallint[], $5::text[], $6::text[],
       $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::timestamptz[],
       $13::bytea[], $14::bytea[], $15::text[], $16::bigint[], $17::boolean[], $18::text[],
       $19::text[], $20::bigint[])
       AS x(id, mailbox_id, folder_id, importance, message_class, subject, sender, to_recipients,
         cc_recipients, reply_to, display_to, received, conversation_id, conversation_index,
         preview, size, has_attachments, body_text, body_html, n)`,
    [
      column(entries, (e) => e.itemId),
      column(entries, (e) => e.mailboxId),
      column(entries, (e) => e.folderId),
      column(entries, (e) => p(e).importance),
      column(entries, (e) => p(e).messageClass),
      column(entries, (e) => p(e).subject),
      column(entries, (e) => p(e).from),
      column(entries, (e) => p(e).to),
      column(entries, (e) => p(e).cc),
      column(entries, (e) => p(e).replyTo),
      column(entries, (e) => p(e).displayTo),
      column(entries, (e) => e.receivedAt),
      column(entries, (e) => p(e).conversationId),
      column(entries, (e) => p(e).conversationIndex),
      column(entries, (e) => p(e).preview),
      column(entries, (e) => e.raw.length),
      column(entries, (e) => p(e).attachments.length > 0),
      column(entries, (e) => p(e).text),
      column(entries, (e) => p(e).html),
      numbers,
    ],
  );
  const mime = packed(column(entries, (e) => e.raw));
  await manager.query(
    `INSERT INTO mailbox.mime_body (item_id, raw)
     SELECT id, substring($2::bytea FROM start FOR length)
     FROM unnest($1::uuid[], $3::int[], $4::int[]) AS x(id, start, length)`,
    [column(entries, (e) => e.itemId), mime.bytes, mime.starts, mime.lengths],
  );
  const attachments = entries.flatMap((e) =>
    p(e).attachments.map((a, ordinal) => ({ itemId: e.itemId, ordinal, ...a })),
  );
  if (attachments.length === 0) return;
  const data = packed(attachments.map((a) => a.data));
  await manager.query(
    `INSERT INTO mailbox.attachment
       (item_id, ordinal, file_name, content_type, content_id, is_inline, size, data)
     SELECT item_id, ordinal, file_name, content_type, content_id, is_inline, length,
       substring($7::bytea FROM start FOR length)
     FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::boolean[],
       $8::int[], $9::int[])
       AS a(item_id, ordinal, file_name, content_type, content_id, is_inline, start, length)`,
    [
      attachments.map((a) => a.itemId),
      attachments.map((a) => a.ordinal),
      attachments.map((a) => a.fileName),
      attachments.map((a) => a.contentType),
      attachments.map((a) => a.contentId),
      attachments.map((a) => a.isInline),
      data.bytes,
      data.starts,
      data.lengths,
    ],
  );
}
