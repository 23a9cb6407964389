/**
 * Deliveries stored in one statement, alone or many together: one commit (one WAL flush) for
 * all, with the same rows, lock order (delivery keys sorted, then mailbox rows, then folder
 * rows, each in id order) and journal numbering as one delivery at a time.
 */
import { QueryFailedError, type DataSource } from 'typeorm';
import { BusError } from '@mail/runtime';
import { notFound } from '../errors';
import { MAILBOX_LIMITS } from '../limits';
import type { NewDelivery } from './item.repository';
import { absenceOf, type Absence, type AbsenceRow } from '../oof/persistence/oof.repository';

export interface BatchEntry extends NewDelivery {
  itemId: string;
}
export interface BatchResult {
  itemId: string;
  folderId: string;
  duplicate: boolean;
  /** The out of office of the entry's mailbox, if it ever set one, as the delivery committed. */
  absence?: Absence;
}

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

/**
 * Stores entries with distinct (queue id, recipient); results in the entries' order. One
 * statement, mailbox.deliver_batch (1765600000000-deliver-function.ts). A mailbox the entries
 * would take past its quota refuses them all (`forbidden`, nothing written): alone, that is
 * the delivery's answer; in a batch, the caller writes the entries one by one.
 */
export async function deliverBatch(
  dataSource: DataSource,
  batch: BatchEntry[],
): Promise<BatchResult[]> {
  const entries = [...batch].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  const p = (e: BatchEntry) => e.parsed;
  const mime = packed(column(entries, (e) => e.raw));
  const attachments = entries.flatMap((e) =>
    p(e).attachments.map((a, ordinal) => ({ itemId: e.itemId, ordinal, ...a })),
  );
  const data = packed(attachments.map((a) => a.data));
  const params = [
    column(entries, (e) => e.queueId),
    column(entries, (e) => e.recipient),
    column(entries, (e) => e.itemId),
    column(entries, (e) => e.mailboxId),
    column(entries, (e) => e.folderId),
    column(entries, (e) => e.receivedAt),
    column(entries, (e) => p(e).importance),
    column(entries, (e) => p(e).messageClass),
    column(entries, (e) => p(e).subject),
    column(entries, (e) => p(e).from),
    column(entries, (e) => p(e).to),
    column(entries, (e) => p(e).cc),
    column(entries, (e) => p(e).replyTo),
    column(entries, (e) => p(e).displayTo),
    column(entries, (e) => p(e).conversationId),
    column(entries, (e) => p(e).conversationIndex),
    column(entries, (e) => p(e).preview),
    column(entries, (e) => p(e).attachments.length > 0),
    column(entries, (e) => p(e).text),
    column(entries, (e) => p(e).html),
    mime.bytes,
    mime.starts,
    mime.lengths,
    attachments.map((a) => a.itemId),
    attachments.map((a) => a.ordinal),
    attachments.map((a) => a.fileName),
    attachments.map((a) => a.contentType),
    attachments.map((a) => a.contentId),
    attachments.map((a) => a.isInline),
    data.bytes,
    data.starts,
    data.lengths,
  ];
  const placeholders = params.map((_, i) => `$${i + 1}`).join(', ');
  // The mailboxes' out of office comes in the same statement: transport asks for an answer
  // only when it is on, and a read of its own was a round trip more on every delivery.
  // $4 is p_mailbox_ids, aligned with the function's rows by their ordinality.
  const rows: Array<
    { o_item_id: string; o_folder_id: string; o_duplicate: boolean } & Partial<AbsenceRow>
  > = await dataSource
    .query(
      `SELECT d.o_item_id, d.o_folder_id, d.o_duplicate, o.state, o.start_time, o.end_time
         FROM mailbox.deliver_batch(${placeholders}) WITH ORDINALITY AS d
         LEFT JOIN mailbox.oof o ON o.mailbox_id = ($4::uuid[])[d.ordinality]
        ORDER BY d.ordinality`,
      params,
    )
    .catch((error: unknown) => {
      throw refusal(error) ?? error;
    });
  const results = new Map(
    entries.map((e, i) => {
      const { o_item_id, o_folder_id, o_duplicate, state, start_time, end_time } = rows[i];
      const result: BatchResult = {
        itemId: o_item_id,
        folderId: o_folder_id,
        duplicate: o_duplicate,
      };
      if (state !== undefined && state !== null)
        result.absence = absenceOf({
          state,
          start_time: start_time ?? null,
          end_time: end_time ?? null,
        });
      return [key(e), result];
    }),
  );
  return batch.map((e) => results.get(key(e))!);
}

/** The bus error for the function's own refusals (over quota, a mailbox gone). */
function refusal(error: unknown): BusError | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const { code } = error as QueryFailedError & { code?: string };
  if (code === 'MBQ01') return new BusError('forbidden', error.message, false);
  if (code === 'MBN01') return notFound('mailbox');
  return undefined;
}
