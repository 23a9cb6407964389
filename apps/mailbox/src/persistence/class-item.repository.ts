/**
 * Calendar, contact, task, note and SMS items: created and changed from a client (EAS Sync Add
 * and Change), stored as their class's properties with the columns search and the filters use.
 * Same transaction shape and lock order as ItemRepository.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ClassItem, ItemClass } from '@mail/contracts';
import type { ClassColumns } from '../items/class-columns';
import { badRequest } from '../errors';
import { checkQuota } from '../search/persistence/quota';
import { claimClientKey } from './client-keys';
import { assertFolderTakes } from './folder-rules';
import { journalChange } from './journal';
import type { ItemRepository } from './item.repository';

export interface NewClassItem {
  mailboxId: string;
  folderId: string;
  item: ClassItem;
  columns: ClassColumns;
  read: boolean;
  key?: string;
  origin?: string;
}

/** The columns a class item's properties set, as `column = $n` from $2. */
const CLASS_COLUMNS = [
  'properties',
  'subject',
  'sender',
  'to_recipients',
  'body_text',
  'preview',
  'message_class',
  'importance',
  'categories',
  'filter_date',
  'complete',
  'size',
] as const;
const classValues = (item: ClassItem, c: ClassColumns) => [
  JSON.stringify(item.properties),
  c.subject,
  c.sender,
  c.toRecipients,
  c.bodyText,
  c.preview,
  c.messageClass,
  c.importance,
  c.categories,
  c.filterDate,
  c.complete,
  c.size,
];

export class ClassItemRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly items: ItemRepository,
  ) {}

  async create(input: NewClassItem) {
    return this.dataSource.transaction(async (manager) => {
      const itemId = randomUUID();
      if (input.key) {
        const first = await claimClientKey(manager, { ...input, key: input.key, itemId });
        if (first) return { ...first, changeNumber: 0, duplicate: true };
      }
      const { columns } = input;
      await checkQuota(manager, input.mailboxId, columns.size);
      await assertFolderTakes(manager, input.mailboxId, input.folderId, input.item.class);
      await manager.query(
        'UPDATE mailbox.mailbox SET item_count = item_count + 1, total_size = total_size + $2 WHERE id = $1',
        [input.mailboxId, columns.size],
      );
      const changeNumber = await journalChange(
        manager,
        input.mailboxId,
        input.folderId,
        itemId,
        'add',
        input.origin,
      );
      const values = classValues(input.item, columns);
      await manager.query(
        `INSERT INTO mailbox.item (id, mailbox_id, folder_id, item_class, read, date_received,
           has_attachments, change_number, ${CLASS_COLUMNS.join(', ')})
         VALUES ($1, $2, $3, $4, $5, $6, false, $7, ${values.map((_, i) => `$${i + 8}`).join(', ')})`,
        [
          itemId,
          input.mailboxId,
          input.folderId,
          input.item.class,
          input.read,
          columns.dateReceived ?? new Date(),
          changeNumber,
          ...values,
        ],
      );
      return { itemId, folderId: input.folderId, changeNumber, duplicate: false };
    });
  }

  /**
   * Replaces a class item's properties. `merge` gets the stored properties (to keep what the
   * caller asked to keep) and returns the new item with its columns.
   */
  async change(
    mailboxId: string,
    itemId: string,
    itemClass: ItemClass,
    merge: (stored: Record<string, unknown>) => { item: ClassItem; columns: ClassColumns },
    origin?: string,
  ) {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT 1 FROM mailbox.mailbox WHERE id = $1 FOR UPDATE', [mailboxId]);
      const locked = await this.items.itemIn(manager, mailboxId, itemId);
      if (locked.itemClass !== itemClass)
        throw badRequest(`class: the item is ${locked.itemClass}, not ${itemClass}`);
      const [{ properties }] = await manager.query(
        'SELECT properties FROM mailbox.item WHERE id = $1',
        [itemId],
      );
      const { item, columns } = merge(properties);
      await checkQuota(manager, mailboxId, columns.size - locked.size);
      await manager.query('UPDATE mailbox.mailbox SET total_size = total_size + $2 WHERE id = $1', [
        mailboxId,
        columns.size - locked.size,
      ]);
      const changeNumber = await journalChange(
        manager,
        mailboxId,
        locked.folderId,
        itemId,
        'change',
        origin,
      );
      const values = classValues(item, columns);
      await manager.query(
        `UPDATE mailbox.item SET modified_at = now(), change_number = $2,
           ${CLASS_COLUMNS.map((column, i) => `${column} = $${i + 3}`).join(', ')}
         WHERE id = $1`,
        [itemId, changeNumber, ...values],
      );
      return { changeNumber, folderId: locked.folderId };
    });
  }
}
