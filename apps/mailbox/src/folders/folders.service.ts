/** The folder hierarchy of a mailbox, for FolderSync, FolderCreate/Update/Delete and admins. */
import type { Folder, FolderList, MailboxInfo } from '@mail/contracts';
import type { ChangeNotifier } from '../changes/change-notifier';
import type { FolderRepository } from '../persistence/folder.repository';
import type { MailboxIds } from '../persistence/mailbox-ids';

export class FoldersService {
  constructor(
    private readonly mailboxes: MailboxIds,
    private readonly folders: FolderRepository,
    private readonly notifier?: ChangeNotifier,
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
    const folder = await this.folders.create(
      await this.mailboxes.require(mailbox),
      parentId,
      displayName,
      type,
    );
    await this.notifier?.hierarchyChanged?.(mailbox);
    return folder;
  }

  async update(
    mailbox: string,
    folderId: string,
    change: { displayName?: string; parentId?: string | null },
  ): Promise<Folder> {
    const folder = await this.folders.update(
      await this.mailboxes.require(mailbox),
      folderId,
      change,
    );
    await this.notifier?.hierarchyChanged?.(mailbox);
    return folder;
  }

  async delete(mailbox: string, folderId: string) {
    const result = await this.folders.delete(await this.mailboxes.require(mailbox), folderId);
    await this.notifier?.hierarchyChanged?.(mailbox);
    return result;
  }
}
