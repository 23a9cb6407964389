/** The folder hierarchy of a mailbox, for FolderSync, FolderCreate/Update/Delete and admins. */
import type { Folder, FolderList, MailboxInfo } from '@mail/contracts';
import { notFound } from '../errors';
import type { FolderRepository } from '../persistence/folder.repository';

export class FoldersService {
  constructor(private readonly folders: FolderRepository) {}

  async ensure(mailbox: string): Promise<MailboxInfo> {
    const { id, created } = await this.folders.ensureMailbox(mailbox);
    return {
      mailbox,
      created,
      hierarchyChangeNumber: await this.folders.hierarchyChangeNumber(id),
    };
  }

  async list(mailbox: string): Promise<FolderList> {
    const id = await this.mailboxId(mailbox);
    const hierarchyChangeNumber = await this.folders.hierarchyChangeNumber(id);
    return { folders: await this.folders.list(id), hierarchyChangeNumber };
  }

  async create(
    mailbox: string,
    parentId: string | null,
    displayName: string,
    type: number,
  ): Promise<Folder> {
    return this.folders.create(await this.mailboxId(mailbox), parentId, displayName, type);
  }

  async update(
    mailbox: string,
    folderId: string,
    change: { displayName?: string; parentId?: string | null },
  ): Promise<Folder> {
    return this.folders.update(await this.mailboxId(mailbox), folderId, change);
  }

  async delete(mailbox: string, folderId: string) {
    return this.folders.delete(await this.mailboxId(mailbox), folderId);
  }

  private async mailboxId(mailbox: string): Promise<string> {
    const id = await this.folders.mailboxId(mailbox);
    if (!id) throw notFound('mailbox');
    return id;
  }
}
