/**
 * Email items and their change journal. Every mutation is one transaction that changes the
 * data and journals it against the folder's change number (DESIGN.md, Data). Lock order as in
 * FolderRepository: the mailbox row, then item rows, then folder rows in id order.
 */
import { randomUUID } from 'node:crypto';
import { MAILBOX_LIMITS } from '../limits';
import { checkQuota } from '../search/persistence/quota';
import type { DataSource, EntityManager } from 'typeorm';
import type { ChangeKind, ChangesList } from '@mail/contracts';
import type { ParsedEmail } from '../delivery/parse-message';
import { badRequest, notFound } from '../errors';
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

export class ItemRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores a delivered message once per (queue id, recipient). The delivery row is written
   * first: a racing retry waits on its key and then finds the first delivery's item.
   */
  async deliver(
    input: NewDelivery,
  ): Promise<{ itemId: string; folderId: string; duplicate: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const itemId = randomUUID();
      const claimed = await manager.query(
        `INSERT INTO mailbox.delivery (queue_id, recipient, item_id, folder_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING item_id`,
        [input.queueId, input.recipient, itemId, input.folderId],
      );
      if (claimed.length === 0) {
        const [first] = await manager.query(
          `SELECT item_id AS "itemId", folder_id AS "folderId" FROM mailbox.delivery
           WHERE queue_id = $1 AND recipient = $2`,
          [input.queueId, input.recipient],
        );
        return { ...first, duplicate: true };
      }
      const { parsed } = input;
      // Over quota: refused for good (SMTP 552 5.2.2 at the edge); the claim above rolls back with it.
      await checkQuota(manager, input.mailboxId, input.raw.length);
      await manager.query(
        'UPDATE mailbox.mailbox SET item_count = item_count + 1, total_size = total_size + $2 WHERE id = $1',
        [input.mailboxId, input.raw.length],
      );
      await manager.query(
        `INSERT INTO mailbox.item (id, mailbox_id, folder_id, item_class, importance, message_class,
           subject, sender, to_recipients, cc_recipients, date_received, conversation_id,
           conversation_index, preview, size, has_attachments, body_text)
         VALUES ($1, $2, $3, 'Email', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [
          itemId,
          input.mailboxId,
          input.folderId,
          parsed.importance,
          parsed.messageClass,
          parsed.subject,
          parsed.from,
          parsed.to,
          parsed.cc,
          input.receivedAt,
          parsed.conversationId,
          parsed.conversationIndex,
          parsed.preview,
          input.raw.length,
          parsed.attachments.length > 0,
          parsed.text.slice(0, MAILBOX_LIMITS.searchTextChars),
        ],
      );
      await manager.query('INSERT INTO mailbox.mime_body (item_id, raw) VALUES ($1, $2)', [
        itemId,
        input.raw,
      ]);
      for (const [ordinal, a] of parsed.attachments.entries())
        await manager.query(
          `INSERT INTO mailbox.attachment
             (item_id, ordinal, file_name, content_type, content_id, is_inline, size, data)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            itemId,
            ordinal,
            a.fileName,
            a.contentType,
            a.contentId,
            a.isInline,
            a.data.length,
            a.data,
          ],
        );
      await journalChange(manager, input.mailboxId, input.folderId, itemId, 'add');
      return { itemId, folderId: input.folderId, duplicate: false };
    });
  }

  async update(mailboxId: string, itemId: string, change: ItemChange) {
    return this.dataSource.transaction(async (manager) => {
      const item = await this.itemIn(manager, mailboxId, itemId);
      const changeNumber = await journalChange(manager, mailboxId, item.folderId, itemId, 'change');
      const flag = change.flag;
      await manager.query(
        `UPDATE mailbox.item SET modified_at = now(),
           read = coalesce($2, read),
           flag_status = coalesce($3, flag_status),
           flag_start_date = CASE WHEN $3::smallint IS NULL THEN flag_start_date ELSE $4::timestamptz END,
           flag_due_date = CASE WHEN $3::smallint IS NULL THEN flag_due_date ELSE $5::timestamptz END,
           flag_complete_time = CASE WHEN $3::smallint IS NULL THEN flag_complete_time ELSE $6::timestamptz END,
           categories = coalesce($7::text[], categories),
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
        ],
      );
      return { changeNumber, folderId: item.folderId };
    });
  }

  /** Moves an item between two folders of its mailbox; both folders journal it. */
  async move(mailboxId: string, itemId: string, toFolderId: string) {
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
          ),
        );
      await manager.query(
        'UPDATE mailbox.item SET folder_id = $2, modified_at = now() WHERE id = $1',
        [itemId, toFolderId],
      );
      return { changeNumber: numbers.get(toFolderId)!, folderIds: [item.folderId, toFolderId] };
    });
  }

  /** Deletes an item; its folder's journal keeps a tombstone. */
  async delete(mailboxId: string, itemId: string) {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT 1 FROM mailbox.mailbox WHERE id = $1 FOR UPDATE', [mailboxId]);
      const item = await this.itemIn(manager, mailboxId, itemId);
      await manager.query(
        'UPDATE mailbox.mailbox SET item_count = item_count - 1, total_size = total_size - $2 WHERE id = $1',
        [mailboxId, item.size],
      );
      const changeNumber = await journalChange(manager, mailboxId, item.folderId, itemId, 'delete');
      await manager.query('DELETE FROM mailbox.item WHERE id = $1', [itemId]);
      return { changeNumber, folderId: item.folderId };
    });
  }

  /** The changes after `after`, in order; cost follows the window, not the folder's size. */
  async changes(
    mailboxId: string,
    folderId: string,
    after: number,
    window: number,
  ): Promise<ChangesList> {
    const [folder] = await this.dataSource.query(
      'SELECT change_number FROM mailbox.folder WHERE id = $1 AND mailbox_id = $2',
      [folderId, mailboxId],
    );
    if (!folder) throw notFound('folder');
    const latest = Number(folder.change_number);
    if (after > latest) throw badRequest(`after: the folder's latest change number is ${latest}`);
    const rows: Array<{ change_number: string; item_id: string; kind: ChangeKind }> =
      await this.dataSource.query(
        `SELECT change_number, item_id, kind FROM mailbox.journal
         WHERE folder_id = $1 AND change_number > $2 ORDER BY change_number LIMIT $3`,
        [folderId, after, window],
      );
    const changes = rows.map((row) => ({
      changeNumber: Number(row.change_number),
      itemId: row.item_id,
      kind: row.kind,
    }));
    // Numbers have no gaps, so what is left is a subtraction, not a count.
    return { changes, latest, remaining: latest - (changes.at(-1)?.changeNumber ?? after) };
  }

  async get(mailboxId: string, itemId: string) {
    const [row] = await this.dataSource.query(
      `SELECT i.id, i.folder_id, i.message_class, i.subject, i.sender, i.to_recipients,
         i.cc_recipients, i.date_received, i.importance, i.read, i.flag_status, i.flag_start_date,
         i.flag_due_date, i.flag_complete_time, i.categories, i.conversation_id,
         i.conversation_index, i.last_verb_executed, i.last_verb_execution_time, i.preview,
         i.size, i.has_attachments, m.raw
       FROM mailbox.item i JOIN mailbox.mime_body m ON m.item_id = i.id
       WHERE i.id = $1 AND i.mailbox_id = $2`,
      [itemId, mailboxId],
    );
    if (!row) throw notFound('item');
    const attachments = await this.dataSource.query(
      `SELECT ordinal, file_name, content_type, content_id, is_inline, size
       FROM mailbox.attachment WHERE item_id = $1 ORDER BY ordinal`,
      [itemId],
    );
    return { row, attachments };
  }

  async attachment(mailboxId: string, itemId: string, ordinal: number) {
    const [row] = await this.dataSource.query(
      `SELECT a.content_type AS "contentType", a.file_name AS "fileName", a.data
       FROM mailbox.attachment a JOIN mailbox.item i ON i.id = a.item_id
       WHERE a.item_id = $1 AND a.ordinal = $2 AND i.mailbox_id = $3`,
      [itemId, ordinal, mailboxId],
    );
    if (!row) throw notFound('attachment');
    return row as { contentType: string; fileName: string | null; data: Buffer };
  }

  /** Locks the item's row so a concurrent move or delete of it waits. */
  private async itemIn(manager: EntityManager, mailboxId: string, itemId: string) {
    const [row] = await manager.query(
      `SELECT folder_id AS "folderId", size FROM mailbox.item
       WHERE id = $1 AND mailbox_id = $2 FOR UPDATE`,
      [itemId, mailboxId],
    );
    if (!row) throw notFound('item');
    return { folderId: row.folderId as string, size: Number(row.size) };
  }
}
