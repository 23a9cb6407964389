/**
 * Mailboxes and their folder hierarchy. Lock order, shared with the item repository so two
 * writers never deadlock: the mailbox row first, then item rows, then folder rows.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { FOLDER_TYPE, type Folder } from '@mail/contracts';
import { conflict, badRequest, notFound } from '../errors';
import { MAILBOX_LIMITS } from '../limits';
import { isUniqueViolation } from './sql-errors';

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

const FOLDER_COLUMNS = `id, parent_id AS "parentId", display_name AS "displayName",
  folder_type AS type, is_default AS "isDefault", change_number AS "changeNumber"`;

const toFolder = (row: Folder & { changeNumber: string | number }): Folder => ({
  ...row,
  changeNumber: Number(row.changeNumber),
});

export class FolderRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the mailbox with its default folders unless it exists; safe when callers race. */
  async ensureMailbox(owner: string): Promise<{ id: string; created: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      // ON CONFLICT waits for a racing creator's commit, then yields to it.
      const inserted = await manager.query(
        `INSERT INTO mailbox.mailbox (id, owner) VALUES ($1, $2)
         ON CONFLICT (owner) DO NOTHING RETURNING id`,
        [randomUUID(), owner],
      );
      if (inserted.length === 0)
        return { id: (await this.mailboxId(owner, manager))!, created: false };
      const id: string = inserted[0].id;
      for (const [name, type] of DEFAULT_FOLDERS)
        await manager.query(
          `INSERT INTO mailbox.folder (id, mailbox_id, parent_id, display_name, folder_type, is_default)
           VALUES ($1, $2, NULL, $3, $4, true)`,
          [randomUUID(), id, name, type],
        );
      return { id, created: true };
    });
  }

  async mailboxId(
    owner: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string | null> {
    const rows = await manager.query('SELECT id FROM mailbox.mailbox WHERE owner = $1', [owner]);
    return rows[0]?.id ?? null;
  }

  async hierarchyChangeNumber(mailboxId: string): Promise<number> {
    const rows = await this.dataSource.query(
      'SELECT hierarchy_change_number AS n FROM mailbox.mailbox WHERE id = $1',
      [mailboxId],
    );
    return Number(rows[0].n);
  }

  async list(mailboxId: string): Promise<Folder[]> {
    const rows = await this.dataSource.query(
      `SELECT ${FOLDER_COLUMNS} FROM mailbox.folder WHERE mailbox_id = $1 ORDER BY is_default DESC, display_name`,
      [mailboxId],
    );
    return rows.map(toFolder);
  }

  async find(
    mailboxId: string,
    folderId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Folder | null> {
    const rows = await manager.query(
      `SELECT ${FOLDER_COLUMNS} FROM mailbox.folder WHERE id = $1 AND mailbox_id = $2`,
      [folderId, mailboxId],
    );
    return rows[0] ? toFolder(rows[0]) : null;
  }

  async findDefault(mailboxId: string, type: number): Promise<string> {
    const rows = await this.dataSource.query(
      'SELECT id FROM mailbox.folder WHERE mailbox_id = $1 AND folder_type = $2 AND is_default',
      [mailboxId, type],
    );
    return rows[0].id;
  }

  async create(mailboxId: string, parentId: string | null, displayName: string, type: number) {
    return this.inHierarchyChange(mailboxId, async (manager) => {
      if (parentId && !(await this.find(mailboxId, parentId, manager)))
        throw notFound('parent folder');
      const [{ count }] = await manager.query(
        'SELECT count(*)::int AS count FROM mailbox.folder WHERE mailbox_id = $1',
        [mailboxId],
      );
      if (count >= MAILBOX_LIMITS.maxFolders)
        throw conflict(`a mailbox holds at most ${MAILBOX_LIMITS.maxFolders} folders`);
      const id = randomUUID();
      await manager.query(
        `INSERT INTO mailbox.folder (id, mailbox_id, parent_id, display_name, folder_type)
         VALUES ($1, $2, $3, $4, $5)`,
        [id, mailboxId, parentId, displayName, type],
      );
      return (await this.find(mailboxId, id, manager))!;
    });
  }

  /** Renames and/or moves a user folder; never under itself or one of its descendants. */
  async update(
    mailboxId: string,
    folderId: string,
    change: { displayName?: string; parentId?: string | null },
  ): Promise<Folder> {
    return this.inHierarchyChange(mailboxId, async (manager) => {
      const folder = await this.find(mailboxId, folderId, manager);
      if (!folder) throw notFound('folder');
      if (folder.isDefault) throw badRequest('a default folder cannot be renamed or moved');
      if (change.parentId) {
        if (!(await this.find(mailboxId, change.parentId, manager)))
          throw notFound('parent folder');
        const subtree = await this.subtree(manager, folderId);
        if (subtree.includes(change.parentId))
          throw badRequest('parentId: a folder cannot move under itself or its subfolders');
      }
      await manager.query(
        `UPDATE mailbox.folder SET display_name = $2, parent_id = $3 WHERE id = $1`,
        [
          folderId,
          change.displayName ?? folder.displayName,
          change.parentId === undefined ? folder.parentId : change.parentId,
        ],
      );
      return (await this.find(mailboxId, folderId, manager))!;
    });
  }

  /** Deletes a user folder, its subfolders and everything in them, with their journals. */
  async delete(mailboxId: string, folderId: string) {
    return this.inHierarchyChange(mailboxId, async (manager) => {
      const folder = await this.find(mailboxId, folderId, manager);
      if (!folder) throw notFound('folder');
      if (folder.isDefault) throw badRequest('a default folder cannot be deleted');
      const subtree = await this.subtree(manager, folderId);
      await manager.query(
        'SELECT 1 FROM mailbox.item WHERE folder_id = ANY($1::uuid[]) FOR UPDATE',
        [subtree],
      );
      const [{ count, size }] = await manager.query(
        `SELECT count(*)::int AS count, coalesce(sum(size), 0)::bigint AS size
         FROM mailbox.item WHERE folder_id = ANY($1::uuid[])`,
        [subtree],
      );
      await manager.query(
        'UPDATE mailbox.mailbox SET item_count = item_count - $2, total_size = total_size - $3 WHERE id = $1',
        [mailboxId, count, size],
      );
      // Items, their MIME, attachments and journal rows go with the folders (ON DELETE CASCADE).
      await manager.query('DELETE FROM mailbox.folder WHERE id = ANY($1::uuid[])', [subtree]);
      return { deletedFolders: subtree.length, deletedItems: count as number };
    });
  }

  /** The folder and all its descendants. */
  private async subtree(manager: EntityManager, folderId: string): Promise<string[]> {
    const rows = await manager.query(
      `WITH RECURSIVE tree(id) AS (
         SELECT id FROM mailbox.folder WHERE id = $1
         UNION SELECT f.id FROM mailbox.folder f JOIN tree t ON f.parent_id = t.id)
       SELECT id FROM tree`,
      [folderId],
    );
    return rows.map((row: { id: string }) => row.id);
  }

  /** Runs a hierarchy change holding the mailbox row, advancing its hierarchy counter. */
  private inHierarchyChange<T>(
    mailboxId: string,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        'UPDATE mailbox.mailbox SET hierarchy_change_number = hierarchy_change_number + 1 WHERE id = $1',
        [mailboxId],
      );
      try {
        return await work(manager);
      } catch (error) {
        if (isUniqueViolation(error))
          throw conflict('a folder with that name already exists in that parent');
        throw error;
      }
    });
  }
}
