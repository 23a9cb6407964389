/**
 * Item changes from clients: flags and read state, moves (one or many), deletes, emptying a
 * folder, and creating or changing calendar, contact, task, note and SMS items. Each is
 * journaled by its repository with the caller's origin and announced after its commit.
 */
import type {
  ClassItem,
  FolderEmptyReply,
  ItemCreateReply,
  ItemMoveManyReply,
} from '@mail/contracts';
import type { ChangeNotifier } from '../changes/change-notifier';
import type { BulkRepository } from '../persistence/bulk.repository';
import type { ClassItemRepository } from '../persistence/class-item.repository';
import type { ItemChange, ItemRepository } from '../persistence/item.repository';
import type { MailboxIds } from '../persistence/mailbox-ids';
import { classColumns } from './class-columns';

export interface NewItem {
  folderId: string;
  item: ClassItem;
  read?: boolean;
  key?: string;
  origin?: string;
}

/** Properties to keep from the stored item when the change leaves them out (EAS ghosting). */
function merged(item: ClassItem, stored: Record<string, unknown>, keep: string[]): ClassItem {
  const properties: Record<string, unknown> = { ...item.properties };
  for (const name of keep)
    if (properties[name] === undefined && stored[name] !== undefined)
      properties[name] = stored[name];
  return { ...item, properties } as ClassItem;
}

export class ItemsService {
  constructor(
    private readonly mailboxes: MailboxIds,
    private readonly items: ItemRepository,
    private readonly classItems: ClassItemRepository,
    private readonly bulk: BulkRepository,
    private readonly notifier: ChangeNotifier,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async update(mailbox: string, itemId: string, change: ItemChange, origin?: string) {
    const result = await this.items.update(
      await this.mailboxes.require(mailbox),
      itemId,
      change,
      origin,
    );
    await this.notifier.folderChanged(mailbox, [result.folderId]);
    return { changeNumber: result.changeNumber };
  }

  async move(mailbox: string, itemId: string, toFolderId: string, origin?: string) {
    const mailboxId = await this.mailboxes.require(mailbox);
    const result = await this.items.move(mailboxId, itemId, toFolderId, origin);
    await this.notifier.folderChanged(mailbox, result.folderIds);
    return { changeNumber: result.changeNumber };
  }

  async delete(mailbox: string, itemId: string, origin?: string) {
    const result = await this.items.delete(await this.mailboxes.require(mailbox), itemId, origin);
    await this.notifier.folderChanged(mailbox, [result.folderId]);
    return { changeNumber: result.changeNumber };
  }

  async moveMany(
    mailbox: string,
    moves: Array<{ itemId: string; toFolderId: string }>,
    origin?: string,
  ): Promise<ItemMoveManyReply> {
    const mailboxId = await this.mailboxes.require(mailbox);
    const { reply, folderIds } = await this.bulk.moveMany(mailboxId, moves, origin ?? null);
    if (folderIds.length > 0) await this.notifier.folderChanged(mailbox, folderIds);
    return reply;
  }

  async empty(
    mailbox: string,
    folderId: string,
    deleteSubfolders: boolean,
    origin?: string,
  ): Promise<FolderEmptyReply> {
    const mailboxId = await this.mailboxes.require(mailbox);
    const result = await this.bulk.empty(mailboxId, folderId, deleteSubfolders, origin ?? null);
    if (result.deletedItems > 0) await this.notifier.folderChanged(mailbox, [folderId]);
    if (result.deletedFolders > 0) await this.notifier.hierarchyChanged?.(mailbox);
    return result;
  }

  async create(mailbox: string, request: NewItem): Promise<ItemCreateReply> {
    const item = this.stamped(request.item);
    const result = await this.classItems.create({
      mailboxId: await this.mailboxes.require(mailbox),
      folderId: request.folderId,
      item,
      columns: classColumns(item, this.now()),
      read: request.read ?? item.class !== 'SMS',
      key: request.key,
      origin: request.origin,
    });
    if (!result.duplicate) await this.notifier.folderChanged(mailbox, [result.folderId]);
    return result;
  }

  async change(
    mailbox: string,
    itemId: string,
    request: { item: ClassItem; keep?: string[]; origin?: string },
  ) {
    const now = this.now();
    const result = await this.classItems.change(
      await this.mailboxes.require(mailbox),
      itemId,
      request.item.class,
      (stored) => {
        const item = this.stamped(merged(request.item, stored, request.keep ?? []));
        return { item, columns: classColumns(item, now) };
      },
      request.origin,
    );
    await this.notifier.folderChanged(mailbox, [result.folderId]);
    return { changeNumber: result.changeNumber };
  }

  /** A note's LastModifiedDate is the server's (MS-ASNOTE 2.2.2.5). */
  private stamped(item: ClassItem): ClassItem {
    if (item.class !== 'Notes') return item;
    return {
      ...item,
      properties: { ...item.properties, LastModifiedDate: this.now().toISOString() },
    };
  }
}
