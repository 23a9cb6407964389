/**
 * Items, delivery from transport and the change journal of the mailbox role. Item property
 * names follow MS-ASEMAIL (Importance, MessageClass, ConversationId, LastVerbExecuted, Flag).
 */
import { z } from 'zod';
import { request } from '../bus/subject';
import { FolderId, MailboxName } from './folders';

/** The largest message the mailbox stores, after base64 decoding (apps/mailbox limits.ts). */
export const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;
const MAX_MIME_BASE64 = 4 * Math.ceil(MAX_MESSAGE_BYTES / 3);

export const ItemId = z.string().uuid('must be an item id');
const When = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
/**
 * Who made a change, as an opaque string (CAS puts the device id there): journaled with the
 * change and returned by the change query, so a device's own changes are not echoed back to it.
 */
export const Origin = z
  .string()
  .regex(/^[\x21-\x7e]{1,128}$/, 'must be 1 to 128 visible ASCII characters');
/** A raw MIME message, base64; a flat character class, so V8 never backtracks on megabytes. */
export const MimeBase64 = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_MIME_BASE64, 'message too large')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

export const DeliverRequest = z.object({
  queueId: z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters'),
  recipient: MailboxName,
  mime: MimeBase64,
  receivedAt: When.optional(),
});
export interface DeliverReply {
  itemId: string;
  folderId: string;
  duplicate: boolean;
  /**
   * The recipient's out of office was on when this delivery was stored: only then may it earn
   * an answer (`mailbox.oof.reply`), so transport asks nothing more of the others. Never true
   * for a duplicate, which was answered (or not) the first time.
   */
  outOfOffice: boolean;
}

export const ChangesListRequest = z.object({
  mailbox: MailboxName,
  folderId: FolderId,
  after: z.number().int().min(0),
  /** 0 returns no entries: with `estimate`, a GetItemEstimate. */
  window: z.number().int().min(0).max(512),
  /** Also count the distinct items changed after `after` (EAS GetItemEstimate). */
  estimate: z.boolean().optional(),
  /** Leave out of the estimate the changes that only this origin made (the asking device's own). */
  excludeOrigin: Origin.optional(),
});
export type ChangeKind = 'add' | 'change' | 'delete' | 'move-out' | 'move-in';
export interface ChangeEntry {
  changeNumber: number;
  itemId: string;
  kind: ChangeKind;
  /** The `origin` the change was made with; null for deliveries and changes without one. */
  origin: string | null;
}
export interface ChangesList {
  changes: ChangeEntry[];
  /** The folder's change number now. */
  latest: number;
  /** How many changes follow the last one returned. */
  remaining: number;
  /** With `estimate`: distinct items changed after `after`, without those only `excludeOrigin` changed. */
  estimate?: number;
}

/** MS-ASEMAIL Flag: Status 0 cleared, 1 complete, 2 active. */
export const FlagValue = z.object({
  status: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  startDate: When.nullable().optional(),
  dueDate: When.nullable().optional(),
  completeTime: When.nullable().optional(),
});
export const ItemUpdateRequest = z
  .object({
    mailbox: MailboxName,
    itemId: ItemId,
    read: z.boolean().optional(),
    flag: FlagValue.optional(),
    categories: z
      .array(z.string().trim().min(1).max(255, 'must be at most 255 characters'))
      .max(300, 'at most 300 categories')
      .optional(),
    /** MS-ASEMAIL LastVerbExecuted: 1 reply to sender, 2 reply to all, 3 forward. */
    lastVerbExecuted: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    origin: Origin.optional(),
  })
  .refine((r) => [r.read, r.flag, r.categories, r.lastVerbExecuted].some((v) => v !== undefined), {
    message: 'give read, flag, categories or lastVerbExecuted',
    path: ['read'],
  });
export const ItemMoveRequest = z.object({
  mailbox: MailboxName,
  itemId: ItemId,
  toFolderId: FolderId,
  origin: Origin.optional(),
});
export const ItemDeleteRequest = z.object({
  mailbox: MailboxName,
  itemId: ItemId,
  origin: Origin.optional(),
});
export const ItemGetRequest = z.object({ mailbox: MailboxName, itemId: ItemId });
/** `<itemId>:<ordinal>`, stable for the life of the item (EAS FileReference). */
export const AttachmentReference = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:\d{1,4}$/i,
    'must be an attachment reference <itemId>:<ordinal>',
  );
/**
 * An attachment, whole or a byte range of it (ItemOperations Fetch with a Range): `offset`
 * from 0 and at most `length` bytes; the reply gives the total size so a caller can page.
 */
export const AttachmentGetRequest = z.object({
  mailbox: MailboxName,
  reference: AttachmentReference,
  offset: z.number().int().min(0).max(MAX_MESSAGE_BYTES).optional(),
  length: z.number().int().min(1).max(MAX_MESSAGE_BYTES).optional(),
});

export interface AttachmentInfo {
  /** EAS FileReference. */
  reference: string;
  fileName: string | null;
  contentType: string;
  contentId: string | null;
  isInline: boolean;
  size: number;
  /** MS-ASAIRS Method: 1 normal attachment, 5 embedded message (message/rfc822). */
  method: 1 | 5;
}
/** An email's parsed header properties (MS-ASEMAIL), without its body and attachments. */
export interface EmailHeaders {
  messageClass: string;
  subject: string;
  from: string | null;
  to: string | null;
  cc: string | null;
  replyTo: string | null;
  /** The display names of the To recipients, `; `-separated (MS-ASEMAIL DisplayTo). */
  displayTo: string | null;
  /** The subject without reply and forward prefixes (MS-ASEMAIL ThreadTopic). */
  threadTopic: string;
  dateReceived: string;
  importance: 0 | 1 | 2;
  read: boolean;
  flag: {
    status: number;
    startDate: string | null;
    dueDate: string | null;
    completeTime: string | null;
  };
  categories: string[];
  conversationId: string;
  conversationIndex: string;
  lastVerbExecuted: number | null;
  lastVerbExecutionTime: string | null;
  preview: string;
  size: number;
  hasAttachments: boolean;
}
export interface EmailItem extends EmailHeaders {
  itemId: string;
  folderId: string;
  class: 'Email';
  attachments: AttachmentInfo[];
  body: { text: string; html: string | null };
}
export interface AttachmentContent {
  contentType: string;
  fileName: string | null;
  /** base64 of the bytes from `offset` */
  data: string;
  /** Where `data` starts, and the attachment's whole size in bytes. */
  offset: number;
  size: number;
}

export const MessageDeliver = request<z.input<typeof DeliverRequest>, DeliverReply>(
  'mailbox',
  'message',
  'deliver',
);
export const ChangesListSubject = request<z.input<typeof ChangesListRequest>, ChangesList>(
  'mailbox',
  'changes',
  'list',
);
export const ItemUpdate = request<z.input<typeof ItemUpdateRequest>, { changeNumber: number }>(
  'mailbox',
  'item',
  'update',
);
export const ItemMove = request<z.input<typeof ItemMoveRequest>, { changeNumber: number }>(
  'mailbox',
  'item',
  'move',
);
export const ItemDelete = request<z.input<typeof ItemDeleteRequest>, { changeNumber: number }>(
  'mailbox',
  'item',
  'delete',
);
export const ItemGet = request<z.input<typeof ItemGetRequest>, EmailItem>('mailbox', 'item', 'get');
export const AttachmentGet = request<z.input<typeof AttachmentGetRequest>, AttachmentContent>(
  'mailbox',
  'attachment',
  'get',
);
