/** The folder hierarchy of a mailbox, for FolderSync, FolderCreate/Update/Delete and admins. */
import type { Folder, FolderList, MailboxInfo } from '@mail/contracts';
import type { FolderRepository } from '../persistence/folder.repository';
import type { MailboxIds } from '../persistence/mailbox-ids';

export class FoldersService {
  constructor(
    private readonly mailboxes: MailboxIds,
    private readonly folders: FolderRepository,
  ) {}

  async ensure(mailbox: string): Promise<MailboxInfo> {
    const { id, created } = await this.mailboxes.ensure(mailbox);
    return {
      mailbox,
      created,
      hierarchyChangeNumber: await this.folders.hierarchyChangeNumber(id),
    };
  }

  /**
   * The folders, creating the mailbox if the directory's event never reached this role: a user
   * who can sign in has a mailbox, and FolderSync is the first thing a device asks for.
   */
  async list(mailbox: string): Promise<FolderList> {
    const { id } = await this.mailboxes.ensure(mailbox);
    const hierarchyChangeNumber = await this.folders.hierarchyChangeNumber(id);
    return { folders: await this.folders.list(id), hierarchyChangeNumber };
  }

  async create(
    mailbox: string,
    parentId: string | null,
    displayName: string,
    type: number,
  ): Promise<Folder> {
    return this.folders.create(await this.mailboxes.require(mailbox), parentId, displayName, type);
  }

  async update(
    mailbox: string,
    folderId: string,
    change: { displayName?: string; parentId?: string | null },
  ): Promise<Folder> {
    return this.folders.update(await this.mailboxes.require(mailbox), folderId, change);
  }

  async delete(mailbox: string, folderId: string) {
    return this.folders.delete(await this.mailboxes.require(mailbox), folderId);
  }
}
