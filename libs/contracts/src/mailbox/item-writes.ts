/**
 * Writes a client makes through CAS (MS-ASCMD Sync Add/Change/Delete, MoveItems,
 * ItemOperations EmptyFolderContents, SendMail's Sent Items copy, Drafts): each journals its
 * changes with the caller's `origin` and announces them in one folder-changed event per commit.
 */
import { z } from 'zod';
import { request } from '../bus/subject';
import { FolderId, MailboxName } from './folders';
import { ClassItem } from './item-classes';
import { FlagValue, ItemId, MimeBase64, Origin } from './items';

/**
 * Makes a retried create find the first one's item instead of making a second: unique per
 * mailbox, chosen by the caller (e.g. device, collection, SyncKey and ClientId together).
 */
export const IdempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{1,256}$/, 'must be 1 to 256 visible ASCII characters');
/** At most this many items in one MoveItems request. */
export const MOVE_ITEMS_MAX = 512;

const Common = {
  mailbox: MailboxName,
  folderId: FolderId,
  key: IdempotencyKey.optional(),
  origin: Origin.optional(),
};

/** A Sync Add of a calendar, contact, task, note or SMS item into a folder of its class. */
export const ItemCreateRequest = z.intersection(
  z.object({ ...Common, read: z.boolean().optional() }),
  ClassItem,
);
export interface ItemCreateReply {
  itemId: string;
  folderId: string;
  changeNumber: number;
  /** A retry with the same key: nothing was created; `itemId` is the first create's. */
  duplicate: boolean;
}

/**
 * A Sync Change of a class item: `properties` replace the stored ones, except those named in
 * `keep`, which keep their stored values when `properties` leaves them out (EAS ghosting: the
 * elements a device did not list as Supported).
 */
export const ItemChangeRequest = z.intersection(
  z.object({
    mailbox: MailboxName,
    itemId: ItemId,
    keep: z
      .array(z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'must be an element name'))
      .max(200)
      .optional(),
    origin: Origin.optional(),
  }),
  ClassItem,
);

/**
 * Stores a raw MIME message in a mail folder (the Sent Items copy of a message a device sent,
 * a Drafts item), parsed like a delivery. With `replaces`, the message takes the place of that
 * email in the same folder under the same id (a draft saved again), journaled as a change.
 */
export const MessageAppendRequest = z.object({
  ...Common,
  mime: MimeBase64,
  read: z.boolean().default(true),
  flag: FlagValue.optional(),
  receivedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
  replaces: ItemId.optional(),
});
export type MessageAppendReply = ItemCreateReply;

/** ItemOperations EmptyFolderContents: every item of the folder; with `deleteSubfolders`, those too. */
export const FolderEmptyRequest = z.object({
  mailbox: MailboxName,
  folderId: FolderId,
  deleteSubfolders: z.boolean().default(false),
  origin: Origin.optional(),
});
export interface FolderEmptyReply {
  deletedItems: number;
  deletedFolders: number;
  /** The folder's change number after the tombstones. */
  changeNumber: number;
}

/** MoveItems: each move succeeds or fails on its own; they commit together. */
export const ItemMoveManyRequest = z.object({
  mailbox: MailboxName,
  moves: z
    .array(z.object({ itemId: ItemId, toFolderId: FolderId }))
    .min(1, 'give at least one move')
    .max(MOVE_ITEMS_MAX, `at most ${MOVE_ITEMS_MAX} moves`),
  origin: Origin.optional(),
});
/**
 * Per move, in request order (MS-ASCMD 2.2.3.177.9 MoveItems Status in brackets): moved (3);
 * item-not-found (1); folder-not-found (2); same-folder (4); class-mismatch: the target folder
 * does not take that item's class (5).
 */
export type MoveStatus =
  'moved' | 'item-not-found' | 'folder-not-found' | 'same-folder' | 'class-mismatch';
export interface ItemMoveManyReply {
  results: Array<{ itemId: string; status: MoveStatus; changeNumber?: number }>;
}

export const ItemCreate = request<z.input<typeof ItemCreateRequest>, ItemCreateReply>(
  'mailbox',
  'item',
  'create',
);
export const ItemChange = request<z.input<typeof ItemChangeRequest>, { changeNumber: number }>(
  'mailbox',
  'item',
  'change',
);
export const MessageAppend = request<z.input<typeof MessageAppendRequest>, MessageAppendReply>(
  'mailbox',
  'message',
  'append',
);
export const FolderEmpty = request<z.input<typeof FolderEmptyRequest>, FolderEmptyReply>(
  'mailbox',
  'folder',
  'empty',
);
export const ItemMoveMany = request<z.input<typeof ItemMoveManyRequest>, ItemMoveManyReply>(
  'mailbox',
  'item',
  'move-many',
);
