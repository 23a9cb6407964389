/**
 * Email items in and single-item changes. Every mutation is one transaction that changes the
 * data and journals it against the folder's change number (DESIGN.md, Data). Lock order as in
 * FolderRepository: the mailbox row, then item rows, then folder rows in id order.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { ParsedEmail } from '../delivery/parse-message';
import { badRequest, notFound } from '../errors';
import { claimClientKey } from './client-keys';
import { deliverBatch, type BatchEntry } from './delivery-batch';
import { assertFolderTakes } from './folder-rules';
import { insertEmail, replaceEmail, type StoredEmail } from './email-store';
import { journalChange } from './journal';

export interface NewDelivery {
  queueId: string;
  recipient: string;
  mailboxId: string;
  folderId: string;
  raw: Buffer;
  parsed: ParsedEmail;
  receivedAt: Date;
}

export type NewMessage = Omit<StoredEmail, 'itemId'> & { key?: string; replaces?: string };

export interface ItemChange {
  read?: boolean;
  flag?: {
    status: number;
    startDate?: string | null;
    dueDate?: string | null;
    completeTime?: string | null;
  };
  categories?: string[];
  lastVerbExecuted?: number;
}

export interface LockedItem {
  folderId: string;
  size: number;
  itemClass: string;
}

export class ItemRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores a delivered message once per (queue id, recipient). The delivery row is written
   * first: a racing retry waits on its key and then finds the first delivery's item.
   */
  /** Stores deliveries with distinct (queue id, recipient) in one statement (delivery-batch.ts). */
  deliverBatch(entries: BatchEntry[]) {
    return deliverBatch(this.dataSource, entries);
  }

  /**
   * Stores a message a client gives (a sent copy, a draft), once per key when a key is given;
   * with `replaces`, in the place of that email of the same folder.
   */
  async append(message: NewMessage) {
    return this.dataSource.transaction(async (manager) => {
      const itemId = message.replaces ?? randomUUID();
      if (message.key) {
        const first = await claimClientKey(manager, { ...message, key: message.key, itemId });
        if (first) return { ...first, changeNumber: 0, duplicate: true };
      }
      await assertFolderTakes(manager, message.mailboxId, message.folderId, 'Email');
      const email = { ...message, itemId };
      if (!message.replaces)
        return {
          itemId,
          folderId: message.folderId,
          changeNumber: await insertEmail(manager, email),
          duplicate: false,
        };
      await manager.query('SELECT 1 FROM mailbox.mailbox WHERE id = $1 FOR UPDATE', [
        message.mailboxId,
      ]);
      const old = await this.itemIn(manager, message.mailboxId, itemId);
      if (old.itemClass !== 'Email' || old.folderId !== message.folderId)
        throw badRequest('replaces: must be an email of that folder');
      const changeNumber = await replaceEmail(manager, email, old.size);
      return { itemId, folderId: message.folderId, changeNumber, duplicate: false };
    });
  }

  async update(mailboxId: string, itemId: string, change: ItemChange, origin?: string) {
    return this.dataSource.transaction(async (manager) => {
      const item = await this.itemIn(manager, mailboxId, itemId);
      if (item.itemClass !== 'Email' && item.itemClass !== 'SMS') {
        if (change.flag || change.lastVerbExecuted || change.read !== undefined)
          throw badRequest(
            `read, flag and lastVerbExecuted apply to email and SMS, not ${item.itemClass}`,
          );
      }
      const changeNumber = await journalChange(
        manager,
        mailboxId,
        item.folderId,
        itemId,
        'change',
        origin,
      );
      const flag = change.flag;
      await manager.query(
        `UPDATE mailbox.item SET modified_at = now(), change_number = $9,
           read = coalesce($2, read),
           flag_status = coalesce($3, flag_status),
           flag_start_date = CASE WHEN $3::smallint IS NULL THEN flag_start_date ELSE $4::timestamptz END,
           flag_due_date = CASE WHEN $3::smallint IS NULL THEN flag_due_date ELSE $5::timestamptz END,
           flag_complete_time = CASE WHEN $3::smallint IS NULL THEN flag_complete_time ELSE $6::timestamptz END,
           categories = coalesce($7::text[], categories),
           properties = CASE WHEN $7::text[] IS NULL OR properties IS NULL THEN properties
             ELSE jsonb_set(properties, '{Categories}', to_jsonb($7::text[])) END,
           last_verb_executed = coalesce($8, last_verb_executed),
           last_verb_execution_time = CASE WHEN $8::smallint IS NULL THEN last_verb_execution_time ELSE now() END
         WHERE id = $1`,
        [
          itemId,
          change.read ?? null,
          flag?.status ?? null,
          flag?.startDate ?? null,
          flag?.dueDate ?? null,
          flag?.completeTime ?? null,
          change.categories ?? null,
          change.lastVerbExecuted ?? null,
          changeNumber,
        ],
      );
      return { changeNumber, folderId: item.folderId };
    });
  }

  /** Moves an item between two folders of its mailbox; both folders journal it. */
  async move(mailboxId: string, itemId: string, toFolderId: string, origin?: string) {
    return this.dataSource.transaction(async (manager) => {
      const item = await this.itemIn(manager, mailboxId, itemId);
      const target = await manager.query(
        'SELECT id FROM mailbox.folder WHERE id = $1 AND mailbox_id = $2',
        [toFolderId, mailboxId],
      );
      if (target.length === 0) throw notFound('folder');
      if (toFolderId === item.folderId) throw badRequest('toFolderId: the item is already there');
      const [first, second] = [item.folderId, toFolderId].sort();
      const numbers = new Map<string, number>();
      for (const folderId of [first, second])
        numbers.set(
          folderId,
          await journalChange(
            manager,
            mailboxId,
            folderId,
            itemId,
            folderId === toFolderId ? 'move-in' : 'move-out',
            origin,
          ),
        );
      await manager.query(
        'UPDATE mailbox.item SET folder_id = $2, change_number = $3, modified_at = now() WHERE id = $1',
        [itemId, toFolderId, numbers.get(toFolderId)],
      );
      return { changeNumber: numbers.get(toFolderId)!, folderIds: [item.folderId, toFolderId] };
    });
  }

  /** Deletes an item; its folder's journal keeps a tombstone. */
  async delete(mailboxId: string, itemId: string, origin?: string) {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT 1 FROM mailbox.mailbox WHERE id = $1 FOR UPDATE', [mailboxId]);
      const item = await this.itemIn(manager, mailboxId, itemId);
      await manager.query(
        'UPDATE mailbox.mailbox SET item_count = item_count - 1, total_size = total_size - $2 WHERE id = $1',
        [mailboxId, item.size],
      );
      const changeNumber = await journalChange(
        manager,
        mailboxId,
        item.folderId,
        itemId,
        'delete',
        origin,
      );
      await manager.query('DELETE FROM mailbox.item WHERE id = $1', [itemId]);
      return { changeNumber, folderId: item.folderId };
    });
  }

  /** Locks the item's row so a concurrent move or delete of it waits. */
  async itemIn(manager: EntityManager, mailboxId: string, itemId: string): Promise<LockedItem> {
    const [row] = await manager.query(
      `SELECT folder_id AS "folderId", size, item_class AS "itemClass" FROM mailbox.item
       WHERE id = $1 AND mailbox_id = $2 FOR UPDATE`,
      [itemId, mailboxId],
    );
    if (!row) throw notFound('item');
    return { folderId: row.folderId, size: Number(row.size), itemClass: row.itemClass };
  }
}
