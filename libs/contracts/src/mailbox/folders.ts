/**
 * Mailboxes and their folders. A mailbox is named by its owner's user principal name; folder
 * types are the FolderSync Type values of MS-ASCMD 2.2.3.186.3, so EAS can hand them on as is.
 */
import { z } from 'zod';
import { event, request } from '../bus/subject';
import { SmtpAddress } from '../directory/values';

/** MS-ASCMD 2.2.3.186.3 FolderSync Type. Junk Email is a user mail folder (12) in EAS. */
export const FOLDER_TYPE = {
  userGeneric: 1,
  inbox: 2,
  drafts: 3,
  deletedItems: 4,
  sentItems: 5,
  outbox: 6,
  tasks: 7,
  calendar: 8,
  contacts: 9,
  notes: 10,
  journal: 11,
  userMail: 12,
  userCalendar: 13,
  userContacts: 14,
  userTasks: 15,
  userNotes: 17,
} as const;
/** The types a user may give a folder they create. */
export const USER_FOLDER_TYPES = [1, 12, 13, 14, 15, 17] as const;

export const MailboxName = SmtpAddress;
export const FolderId = z.string().uuid('must be a folder id');

export const Folder = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  displayName: z.string(),
  type: z.number(),
  isDefault: z.boolean(),
  changeNumber: z.number(),
});
export type Folder = z.infer<typeof Folder>;

const FolderDisplayName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(256, 'must be at most 256 characters')
  .refine(
    (name) => ![...name].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 0x20),
    'must not hold / \\ or control characters',
  );

export const MailboxEnsureRequest = z.object({ mailbox: MailboxName });
export const FolderListRequest = z.object({ mailbox: MailboxName });
export const FolderCreateRequest = z.object({
  mailbox: MailboxName,
  parentId: FolderId.nullable(),
  displayName: FolderDisplayName,
  type: z.union(USER_FOLDER_TYPES.map((type) => z.literal(type))),
});
export const FolderUpdateRequest = z
  .object({
    mailbox: MailboxName,
    folderId: FolderId,
    displayName: FolderDisplayName.optional(),
    /** A new parent; null moves the folder to the root. */
    parentId: FolderId.nullable().optional(),
  })
  .refine((r) => r.displayName !== undefined || r.parentId !== undefined, {
    message: 'give displayName or parentId',
    path: ['displayName'],
  });
export const FolderDeleteRequest = z.object({ mailbox: MailboxName, folderId: FolderId });

export interface MailboxInfo {
  mailbox: string;
  created: boolean;
  hierarchyChangeNumber: number;
}
export interface FolderList {
  folders: Folder[];
  hierarchyChangeNumber: number;
}

export const MailboxEnsure = request<z.input<typeof MailboxEnsureRequest>, MailboxInfo>(
  'mailbox',
  'mailbox',
  'ensure',
);
export const FolderListSubject = request<z.input<typeof FolderListRequest>, FolderList>(
  'mailbox',
  'folder',
  'list',
);
export const FolderCreate = request<z.input<typeof FolderCreateRequest>, Folder>(
  'mailbox',
  'folder',
  'create',
);
export const FolderUpdate = request<z.input<typeof FolderUpdateRequest>, Folder>(
  'mailbox',
  'folder',
  'update',
);
export const FolderDelete = request<
  z.input<typeof FolderDeleteRequest>,
  { deletedFolders: number; deletedItems: number }
>('mailbox', 'folder', 'delete');

/** Published after each commit that changed items of these folders (DESIGN.md, flow 1: Ping). */
export interface FolderChangedEvent {
  mailbox: string;
  folderIds: string[];
}
export const FolderChanged = event<FolderChangedEvent>('mailbox', 'folder', 'changed');

/**
 * Published after each commit that changed the folder hierarchy (a folder created, renamed,
 * moved or deleted): a held Ping answers Status 7, a held Sync Status 12.
 */
export interface HierarchyChangedEvent {
  mailbox: string;
}
export const HierarchyChanged = event<HierarchyChangedEvent>('mailbox', 'hierarchy', 'changed');
