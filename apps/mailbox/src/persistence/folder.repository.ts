/**
 * Mailboxes and their folder hierarchy. Lock order, shared with the item repository so two
 * writers never deadlock: the mailbox row first, then item rows, then folder rows.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Folder } from '@mail/contracts';
import { conflict, badRequest, notFound } from '../errors';
import { MAILBOX_LIMITS } from '../limits';
import { isUniqueViolation } from './sql-errors';

const FOLDER_COLUMNS = `id, parent_id AS "parentId", display_name AS "displayName",
  folder_type AS type, is_default AS "isDefault", change_number AS "changeNumber"`;

const toFolder = (row: Folder & { changeNumber: string | number }): Folder => ({
  ...row,
  changeNumber: Number(row.changeNumber),
});

export class FolderRepository {
  constructor(private readonly dataSource: DataSource) {}

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
        const subtree = await folderSubtree(manager, folderId);
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
      const subtree = await folderSubtree(manager, folderId);
      const deletedItems = await uncountItems(manager, mailboxId, subtree);
      // Items, their MIME, attachments and journal rows go with the folders (ON DELETE CASCADE).
      await manager.query('DELETE FROM mailbox.folder WHERE id = ANY($1::uuid[])', [subtree]);
      return { deletedFolders: subtree.length, deletedItems };
    });
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

/** The folder and all its descendants. */
export async function folderSubtree(manager: EntityManager, folderId: string): Promise<string[]> {
  const rows = await manager.query(
    `WITH RECURSIVE tree(id) AS (
       SELECT id FROM mailbox.folder WHERE id = $1
       UNION SELECT f.id FROM mailbox.folder f JOIN tree t ON f.parent_id = t.id)
     SELECT id FROM tree`,
    [folderId],
  );
  return rows.map((row: { id: string }) => row.id);
}

/**
 * Locks the items of these folders and takes them off the mailbox's counters, before the
 * caller deletes them (in the role's lock order: the mailbox row is already held). Returns
 * how many there were.
 */
export async function uncountItems(
  manager: EntityManager,
  mailboxId: string,
  folderIds: string[],
): Promise<number> {
  const [{ count, size }] = await manager.query(
    `WITH locked AS (SELECT size FROM mailbox.item WHERE folder_id = ANY($1::uuid[]) FOR UPDATE)
     SELECT count(*)::int AS count, coalesce(sum(size), 0)::bigint AS size FROM locked`,
    [folderIds],
  );
  await manager.query(
    'UPDATE mailbox.mailbox SET item_count = item_count - $2, total_size = total_size - $3 WHERE id = $1',
    [mailboxId, count, size],
  );
  return count;
}
