/**
 * Reads for EAS: the change journal, a batch fetch of items with a selector, a folder's items
 * newest first within a filter window, one email, and attachments by reference and range.
 */
import {
  CONVERSATION_MAX_ITEMS,
  type AttachmentContent,
  type ConversationItemsReply,
  type BodyType,
  type ChangesList,
  type EmailItem,
  type FetchedItem,
  type ItemFetchReply,
  type ItemListReply,
  type ListedItem,
} from '@mail/contracts';
import { badRequest, notFound } from '../errors';
import type {
  ItemReadRepository,
  ItemRow,
  ListCriteria,
} from '../persistence/item-reads.repository';
import type { MailboxIds } from '../persistence/mailbox-ids';
import { needsMime, selectBody } from './body';
import { attachmentInfo, classProperties, emailHeaders, toBuffer } from './item-view';

export interface FetchSelection {
  properties: boolean;
  body?: { type: BodyType; truncateBytes?: number };
  attachments: boolean;
}

export interface ListRequest {
  classes?: string[];
  since?: string;
  before?: string;
  incompleteOnly?: boolean;
  cursor?: string;
  limit: number;
  count?: boolean;
  properties?: boolean;
}

/** A page cursor: the last item's filter date (as PostgreSQL printed it) and id. */
const encodeCursor = (date: string, id: string) =>
  Buffer.from(JSON.stringify([date, id])).toString('base64url');
function decodeCursor(cursor: string): { date: string; id: string } {
  try {
    const [date, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    if (typeof date === 'string' && date.length <= 64 && typeof id === 'string' && uuid.test(id))
      return { date, id };
  } catch {
    // Falls through to the refusal.
  }
  throw badRequest('cursor: must be a nextCursor from an earlier page of this listing');
}

export class ItemReadsService {
  constructor(
    private readonly mailboxes: MailboxIds,
    private readonly reads: ItemReadRepository,
    private readonly maxBodyBytes: number,
  ) {}

  async changes(
    mailbox: string,
    folderId: string,
    request: { after: number; window: number; estimate?: boolean; excludeOrigin?: string },
  ): Promise<ChangesList> {
    return this.reads.changes(await this.mailboxes.require(mailbox), folderId, request);
  }

  /** Up to 512 items in the order asked, what was missing, and what the size budget deferred. */
  async fetch(mailbox: string, itemIds: string[], select: FetchSelection): Promise<ItemFetchReply> {
    const mailboxId = await this.mailboxes.require(mailbox);
    const unique = [...new Set(itemIds.map((id) => id.toLowerCase()))];
    const rows = await this.reads.items(mailboxId, unique, {
      body: select.body !== undefined && !needsMime(select.body),
      mime: needsMime(select.body),
      attachments: select.attachments,
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    const reply: ItemFetchReply = { items: [], missing: [], deferred: [] };
    let budget = this.maxBodyBytes;
    for (const id of unique) {
      const row = byId.get(id);
      if (!row) {
        reply.missing.push(id);
        continue;
      }
      const body = select.body ? selectBody(row, select.body) : undefined;
      const bytes = body ? body.data.length : 0;
      if (reply.items.length > 0 && bytes > budget) {
        reply.deferred.push(id);
        continue;
      }
      budget -= bytes;
      const item: FetchedItem = {
        itemId: row.id,
        folderId: row.folder_id,
        class: row.item_class,
        changeNumber: Number(row.change_number),
        read: row.read,
      };
      if (select.properties) {
        if (row.item_class === 'Email') item.headers = emailHeaders(row);
        else item.properties = classProperties(row);
      }
      if (body !== undefined) item.body = body;
      if (row.attachments) item.attachments = row.attachments.map(attachmentInfo);
      reply.items.push(item);
    }
    return reply;
  }

  async list(mailbox: string, folderId: string, request: ListRequest): Promise<ItemListReply> {
    const mailboxId = await this.mailboxes.require(mailbox);
    const criteria: ListCriteria = {
      ...request,
      after: request.cursor ? decodeCursor(request.cursor) : undefined,
    };
    const { rows, total, changeNumber } = await this.reads.list(mailboxId, folderId, criteria);
    const last = rows.at(-1);
    return {
      items: rows.map((row) => {
        const item: ListedItem = {
          itemId: row.id,
          class: row.item_class,
          changeNumber: Number(row.change_number),
          date: row.date,
        };
        if (request.properties) {
          // The page read the header columns too (ListCriteria.properties).
          if (row.item_class === 'Email') item.headers = emailHeaders(row as ItemRow);
          else item.properties = classProperties(row as ItemRow);
        }
        return item;
      }),
      nextCursor:
        last && rows.length === request.limit ? encodeCursor(last.key_date, last.id) : null,
      ...(total === undefined ? {} : { total }),
      changeNumber,
    };
  }

  /** One email with its plain and HTML bodies and attachment list (the first item contract). */
  async get(mailbox: string, itemId: string): Promise<EmailItem> {
    const mailboxId = await this.mailboxes.require(mailbox);
    const [row] = await this.reads.items(mailboxId, [itemId], { body: true, attachments: true });
    if (!row) throw notFound('item');
    if (row.item_class !== 'Email')
      throw badRequest(`itemId: a ${row.item_class} item is read with mailbox.item.fetch`);
    return {
      ...emailHeaders(row),
      itemId: row.id,
      folderId: row.folder_id,
      class: 'Email',
      attachments: row.attachments!.map(attachmentInfo),
      body: { text: row.body_text ?? '', html: row.body_html ?? null },
    };
  }

  async conversation(mailbox: string, conversationId: string): Promise<ConversationItemsReply> {
    const mailboxId = await this.mailboxes.require(mailbox);
    const id = Buffer.from(conversationId, 'hex');
    return { items: await this.reads.conversationItems(mailboxId, id, CONVERSATION_MAX_ITEMS) };
  }

  async attachment(
    mailbox: string,
    reference: string,
    range: { offset?: number; length?: number } = {},
  ): Promise<AttachmentContent> {
    const colon = reference.lastIndexOf(':');
    const offset = range.offset ?? 0;
    const found = await this.reads.attachment(
      await this.mailboxes.require(mailbox),
      reference.slice(0, colon).toLowerCase(),
      Number(reference.slice(colon + 1)),
      { offset, length: range.length },
    );
    const size = Number(found.size);
    if (offset > size) throw badRequest(`offset: the attachment has ${size} bytes`);
    return {
      contentType: found.contentType,
      fileName: found.fileName,
      data: toBuffer(found.data).toString('base64'),
      offset,
      size,
    };
  }
}
