/**
 * Reads of items and the journal, each one or two statements whose cost follows what is asked
 * (a window of changes, a page of ids, a batch of items), never the folder's size.
 */
import type { DataSource } from 'typeorm';
import type { ChangeKind, ChangesList, ItemClass } from '@mail/contracts';
import { badRequest, notFound } from '../errors';

/**
 * A timestamp as the contracts carry it (ISO 8601, UTC, milliseconds), formatted by
 * PostgreSQL: parsing it into a Date in Node only to print it again was a third of a
 * 512-item fetch.
 */
const isoText = (expression: string) =>
  `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** An item's headers: an email's parsed properties or another class's JSON (`i` is the item). */
const PROPERTY_COLUMNS = `i.read, i.message_class, i.subject, i.sender, i.to_recipients,
  i.cc_recipients, i.reply_to, i.display_to, ${isoText('i.date_received')} AS date_received,
  i.importance, i.flag_status, ${isoText('i.flag_start_date')} AS flag_start_date,
  ${isoText('i.flag_due_date')} AS flag_due_date,
  ${isoText('i.flag_complete_time')} AS flag_complete_time, i.categories,
  encode(i.conversation_id, 'hex') AS conversation_id,
  encode(i.conversation_index, 'hex') AS conversation_index, i.last_verb_executed,
  ${isoText('i.last_verb_execution_time')} AS last_verb_execution_time, i.preview, i.size,
  i.has_attachments, i.properties`;
const HEADER_COLUMNS = `i.id, i.folder_id, i.item_class, i.change_number, ${PROPERTY_COLUMNS}`;
/** The item's attachment list (AttachmentRow each) as a JSON array, by ordinal. */
const ATTACHMENT_LIST = `(SELECT coalesce(json_agg(json_build_object('item_id', a.item_id,
  'ordinal', a.ordinal, 'file_name', a.file_name, 'content_type', a.content_type,
  'content_id', a.content_id, 'is_inline', a.is_inline, 'size', a.size) ORDER BY a.ordinal),
  '[]') FROM mailbox.attachment a WHERE a.item_id = i.id)`;

export interface ItemRow {
  id: string;
  folder_id: string;
  item_class: ItemClass;
  change_number: string | number;
  read: boolean;
  message_class: string;
  subject: string;
  sender: string | null;
  to_recipients: string | null;
  cc_recipients: string | null;
  reply_to: string | null;
  display_to: string | null;
  /** Timestamps and binary ids come as ISO 8601 and hex text (HEADER_COLUMNS). */
  date_received: string;
  importance: 0 | 1 | 2;
  flag_status: number;
  flag_start_date: string | null;
  flag_due_date: string | null;
  flag_complete_time: string | null;
  categories: string[];
  conversation_id: string | null;
  conversation_index: string | null;
  last_verb_executed: number | null;
  last_verb_execution_time: string | null;
  preview: string;
  size: string | number;
  has_attachments: boolean;
  properties: Record<string, unknown> | null;
  body_text?: string | null;
  body_html?: string | null;
  raw?: Uint8Array | null;
  /** With ItemRead `attachments`: the item's list, by ordinal. */
  attachments?: AttachmentRow[];
}

export interface AttachmentRow {
  item_id: string;
  ordinal: number;
  file_name: string | null;
  content_type: string;
  content_id: string | null;
  is_inline: boolean;
  size: string | number;
}

export interface ListCriteria {
  classes?: string[];
  since?: string;
  before?: string;
  incompleteOnly?: boolean;
  /** Each item's headers too (the columns of ItemRow), in the same statement. */
  properties?: boolean;
  /** Keyset of the last item of the previous page: its filter date ('infinity' or ISO) and id. */
  after?: { date: string; id: string };
  limit: number;
  count?: boolean;
}

export class ItemReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The changes after `after`, in order, and the folder's latest change number, in one
   * statement (so from one snapshot); cost follows the window, not the folder's size.
   */
  async changes(
    mailboxId: string,
    folderId: string,
    request: { after: number; window: number; estimate?: boolean; excludeOrigin?: string },
  ): Promise<ChangesList> {
    const { after, window } = request;
    const joined: Array<{
      latest: string;
      change_number: string | null;
      item_id: string;
      kind: ChangeKind;
      origin: string | null;
    }> = await this.dataSource.query(
      `SELECT f.change_number AS latest, j.change_number, j.item_id, j.kind, j.origin
       FROM mailbox.folder f LEFT JOIN LATERAL (
         SELECT change_number, item_id, kind, origin FROM mailbox.journal
         WHERE folder_id = f.id AND change_number > $2 ORDER BY change_number LIMIT $3) j ON true
       WHERE f.id = $1 AND f.mailbox_id = $4
       ORDER BY j.change_number`,
      [folderId, after, window, mailboxId],
    );
    if (joined.length === 0) throw notFound('folder');
    const latest = Number(joined[0].latest);
    if (after > latest) throw badRequest(`after: the folder's latest change number is ${latest}`);
    const rows = joined.filter((row) => row.change_number !== null);
    const changes = rows.map((row) => ({
      changeNumber: Number(row.change_number),
      itemId: row.item_id,
      kind: row.kind,
      origin: row.origin,
    }));
    // Numbers have no gaps, so what is left is a subtraction, not a count.
    const reply: ChangesList = {
      changes,
      latest,
      remaining: latest - (changes.at(-1)?.changeNumber ?? after),
    };
    if (request.estimate) {
      const [{ estimate }] = await this.dataSource.query(
        `SELECT count(DISTINCT item_id)::int AS estimate FROM mailbox.journal
         WHERE folder_id = $1 AND change_number > $2 AND origin IS DISTINCT FROM $3`,
        [folderId, after, request.excludeOrigin ?? null],
      );
      reply.estimate = estimate;
    }
    return reply;
  }

  /**
   * The items with these ids in one mailbox, in no order. `body` adds the stored plain and HTML
   * bodies, `mime` the raw message: each is read only when asked for.
   */
  async items(
    mailboxId: string,
    itemIds: string[],
    extra: { body?: boolean; mime?: boolean; attachments?: boolean } = {},
  ): Promise<ItemRow[]> {
    // A join on the unnested ids, not `id = ANY(...)`: one index probe per id, planned in a
    // fraction of the time a 512-element array constant takes. Attachment lists come in the
    // same statement, as JSON, rather than in a second round trip.
    return this.dataSource.query(
      `SELECT ${HEADER_COLUMNS}${extra.body ? ', i.body_text, i.body_html' : ''}${extra.mime ? ', m.raw' : ''}
       ${extra.attachments ? `, ${ATTACHMENT_LIST} AS attachments` : ''}
       FROM unnest($1::uuid[]) AS wanted(id) JOIN mailbox.item i ON i.id = wanted.id
       ${extra.mime ? 'LEFT JOIN mailbox.mime_body m ON m.item_id = i.id' : ''}
       WHERE i.mailbox_id = $2`,
      [itemIds, mailboxId],
    );
  }

  /** A conversation's emails in the mailbox, oldest first (index item_conversation). */
  async conversationItems(
    mailboxId: string,
    conversationId: Buffer,
    limit: number,
  ): Promise<Array<{ itemId: string; folderId: string }>> {
    return this.dataSource.query(
      `SELECT id AS "itemId", folder_id AS "folderId" FROM mailbox.item
       WHERE mailbox_id = $1 AND conversation_id = $2 ORDER BY date_received, id LIMIT $3`,
      [mailboxId, conversationId, limit],
    );
  }

  /**
   * A page of a folder's items newest first by filter date (then id), after a keyset, with the
   * folder's change number from the same snapshot; not-found for a folder of another mailbox.
   * mailbox.folder_page reads the index on (folder_id, filter_date, id) backwards, so a page
   * costs its length whatever the planner's statistics say.
   */
  async list(mailboxId: string, folderId: string, criteria: ListCriteria) {
    const params = [
      folderId,
      criteria.classes ?? null,
      criteria.since ?? null,
      criteria.before ?? null,
      criteria.incompleteOnly ?? false,
    ];
    const where = `folder_id = $1
      AND ($2::text[] IS NULL OR item_class = ANY($2::text[]))
      AND ($3::timestamptz IS NULL OR filter_date >= $3::timestamptz)
      AND ($4::timestamptz IS NULL OR filter_date < $4::timestamptz)
      AND (NOT $5::boolean OR item_class <> 'Tasks' OR NOT complete)`;
    const rows: Array<
      Partial<ItemRow> & {
        folder_change_number: string;
        id: string | null;
        item_class: ItemClass;
        change_number: string;
        date: string | null;
        key_date: string;
      }
    > = await this.dataSource.query(
      `WITH folder AS (SELECT change_number FROM mailbox.folder WHERE id = $1 AND mailbox_id = $6),
       page AS (
         SELECT p.ordinality, i.*
         FROM mailbox.folder_page($1, $2::text[], $3::timestamptz, $4::timestamptz, $5::boolean,
           $7::timestamptz, $8::uuid, $9::int) WITH ORDINALITY p
         -- OFFSET 0: an index lookup per listed id; as a join, the planner may hash the table.
         CROSS JOIN LATERAL (
           SELECT i.id, i.item_class, i.change_number,
             CASE WHEN isfinite(filter_date) THEN ${isoText('filter_date')} END AS date,
             filter_date::text AS key_date${criteria.properties ? `, ${PROPERTY_COLUMNS}` : ''}
           FROM mailbox.item i WHERE i.id = p.id OFFSET 0) i)
       SELECT folder.change_number AS folder_change_number, page.*
       FROM folder LEFT JOIN page ON true ORDER BY page.ordinality`,
      [
        ...params,
        mailboxId,
        criteria.after?.date ?? null,
        criteria.after?.id ?? null,
        criteria.limit,
      ],
    );
    if (rows.length === 0) throw notFound('folder');
    let total: number | undefined;
    if (criteria.count) {
      const [row] = await this.dataSource.query(
        `SELECT count(*)::int AS total FROM mailbox.item WHERE ${where}`,
        params,
      );
      total = row.total;
    }
    return {
      changeNumber: Number(rows[0].folder_change_number),
      rows: rows.filter((row) => row.id !== null) as Array<(typeof rows)[number] & { id: string }>,
      total,
    };
  }

  /** An attachment's metadata and the bytes of a range of it (the whole when no length). */
  async attachment(
    mailboxId: string,
    itemId: string,
    ordinal: number,
    range: { offset: number; length?: number },
  ) {
    const [row] = await this.dataSource.query(
      `SELECT a.content_type AS "contentType", a.file_name AS "fileName", a.size,
         substring(a.data FROM $4::int + 1 FOR coalesce($5::int, a.size::int)) AS data
       FROM mailbox.attachment a JOIN mailbox.item i ON i.id = a.item_id
       WHERE a.item_id = $1 AND a.ordinal = $2 AND i.mailbox_id = $3`,
      [itemId, ordinal, mailboxId, range.offset, range.length ?? null],
    );
    if (!row) throw notFound('attachment');
    return row as { contentType: string; fileName: string | null; size: string; data: Uint8Array };
  }
}
