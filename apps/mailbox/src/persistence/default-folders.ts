import { FOLDER_TYPE } from '@mail/contracts';

/** The default folder set of every mailbox, at the root. */
export const DEFAULT_FOLDERS: ReadonlyArray<[name: string, type: number]> = [
  ['Inbox', FOLDER_TYPE.inbox],
  ['Drafts', FOLDER_TYPE.drafts],
  ['Deleted Items', FOLDER_TYPE.deletedItems],
  ['Sent Items', FOLDER_TYPE.sentItems],
  ['Outbox', FOLDER_TYPE.outbox],
  ['Junk Email', FOLDER_TYPE.userMail],
  ['Calendar', FOLDER_TYPE.calendar],
  ['Contacts', FOLDER_TYPE.contacts],
  ['Tasks', FOLDER_TYPE.tasks],
  ['Notes', FOLDER_TYPE.notes],
  ['Journal', FOLDER_TYPE.journal],
];
