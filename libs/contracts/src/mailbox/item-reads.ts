/**
 * Reads shaped for EAS: a batch fetch of up to 512 items with a selector of what to return
 * (Sync Add/Change windows, ItemOperations Fetch), and a folder's item ids newest first within
 * a filter window, paged by cursor (priming a collection at SyncKey 0, SoftDelete).
 */
import { z } from 'zod';
import { request } from '../bus/subject';
import { FolderId, MailboxName } from './folders';
import { ITEM_CLASSES, type ClassProperties, type ItemClass } from './item-classes';
import { ItemId, type AttachmentInfo, type EmailHeaders } from './items';

/** Items in one fetch: EAS's largest WindowSize. */
export const FETCH_MAX_ITEMS = 512;
/** Item ids in one page of a folder listing. */
export const LIST_MAX_ITEMS = 2048;
/**
 * Body bytes one fetch answers with; items past it are `deferred` (at least one item is always
 * answered, so any single message can be fetched).
 */
export const FETCH_MAX_BODY_BYTES = 16 * 1024 * 1024;

const When = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

/**
 * MS-ASAIRS BodyPreference as one choice: `text`, `html`, `rtf` or `mime` (the raw message).
 * An item answers with the type asked for when it has it or it can be converted (plain text
 * and HTML convert both ways), otherwise with its own type; the reply says which.
 */
export const BODY_TYPES = ['text', 'html', 'rtf', 'mime'] as const;
export type BodyType = (typeof BODY_TYPES)[number];

export const FetchSelector = z.object({
  /** Header properties: an email's parsed headers, another class's properties without Body. */
  properties: z.boolean().default(true),
  body: z
    .object({
      type: z.enum(BODY_TYPES),
      /** MS-ASAIRS TruncationSize, in bytes of the body (cut on a character boundary). */
      truncateBytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    })
    .optional(),
  attachments: z.boolean().default(false),
});

export const ItemFetchRequest = z.object({
  mailbox: MailboxName,
  itemIds: z
    .array(ItemId)
    .min(1, 'give at least one item id')
    .max(FETCH_MAX_ITEMS, `at most ${FETCH_MAX_ITEMS} items`),
  select: FetchSelector.default({ properties: true, attachments: false }),
});

export interface FetchedBody {
  type: BodyType;
  /** Text for `text` and `html`; base64 for `rtf` and `mime`. */
  data: string;
  truncated: boolean;
  /** The whole body's size in bytes (MS-ASAIRS EstimatedDataSize). */
  size: number;
}
export interface FetchedItem {
  itemId: string;
  folderId: string;
  class: ItemClass;
  /** The change number of this item's last change in its folder. */
  changeNumber: number;
  read: boolean;
  /** Email only, with `properties`. */
  headers?: EmailHeaders;
  /** Other classes, with `properties`: the class's EAS elements, Body left to `body`. */
  properties?: Omit<ClassProperties, 'Body'>;
  /** With a body selector; null when the item has no body. */
  body?: FetchedBody | null;
  /** With `attachments`. */
  attachments?: AttachmentInfo[];
}
export interface ItemFetchReply {
  /** In the order asked for. */
  items: FetchedItem[];
  /** Ids that are not items of this mailbox (deleted, or never there). */
  missing: string[];
  /** Ids left out to keep the reply under FETCH_MAX_BODY_BYTES: ask for them again. */
  deferred: string[];
}

/**
 * A folder's items newest first. `since`/`before` bound the date EAS's FilterType compares:
 * when an email or SMS was received, when an appointment's last occurrence ends (a recurrence
 * without end is always inside), when a task is due (a task without a due date is always
 * inside); contacts and notes by when they were last written.
 */
export const ItemListRequest = z
  .object({
    mailbox: MailboxName,
    folderId: FolderId,
    classes: z.array(z.enum(ITEM_CLASSES)).min(1).max(ITEM_CLASSES.length).optional(),
    /** On or after (EAS FilterType 1-7). */
    since: When.optional(),
    /** Strictly before: with `since` of the previous window, what left it (SoftDelete). */
    before: When.optional(),
    /** Tasks that are not complete only (EAS FilterType 8). */
    incompleteOnly: z.boolean().optional(),
    /** From the previous page's `nextCursor`. */
    cursor: z.string().max(256).optional(),
    limit: z.number().int().min(1).max(LIST_MAX_ITEMS),
    /** Also count every match (not only this page); costs a scan of the window. */
    count: z.boolean().optional(),
    /** Also each item's headers or properties, as ItemFetch gives them: a page in one read. */
    properties: z.boolean().optional(),
  })
  .refine((r) => !r.since || !r.before || Date.parse(r.since) < Date.parse(r.before), {
    message: 'must be before `before`',
    path: ['since'],
  });
export interface ListedItem {
  itemId: string;
  class: ItemClass;
  changeNumber: number;
  /** The date the filter compares; null for "always inside" (no end, no due date). */
  date: string | null;
  /** Email only, with `properties`. */
  headers?: EmailHeaders;
  /** Other classes, with `properties`: the class's EAS elements, Body left to a fetch. */
  properties?: Omit<ClassProperties, 'Body'>;
}
export interface ItemListReply {
  items: ListedItem[];
  /** null on the last page. */
  nextCursor: string | null;
  /** With `count`. */
  total?: number;
  /** The folder's change number when the page was read: replay the journal from here. */
  changeNumber: number;
}

export const ItemFetch = request<z.input<typeof ItemFetchRequest>, ItemFetchReply>(
  'mailbox',
  'item',
  'fetch',
);
export const ItemList = request<z.input<typeof ItemListRequest>, ItemListReply>(
  'mailbox',
  'item',
  'list',
);

/** Emails of one conversation in a mailbox: at most this many (ItemOperations Move). */
export const CONVERSATION_MAX_ITEMS = 512;

/** MS-ASEMAIL2 ConversationId as the mailbox stores it: hex of its bytes. */
export const ConversationItemsRequest = z.object({
  mailbox: MailboxName,
  conversationId: z.string().regex(/^(?:[0-9a-f]{2}){1,64}$/i, 'must be the hex of 1 to 64 bytes'),
});
export interface ConversationItemsReply {
  /** Oldest first; at most CONVERSATION_MAX_ITEMS. */
  items: Array<{ itemId: string; folderId: string }>;
}

export const ConversationItems = request<
  z.input<typeof ConversationItemsRequest>,
  ConversationItemsReply
>('mailbox', 'conversation', 'items');
