/**
 * Changes of many items in one transaction: MoveItems and emptying a folder. Each folder's
 * journal takes its entries in one statement; the lock order is the role's (mailbox row, item
 * rows in id order, folder rows in id order).
 */
import type { DataSource, EntityManager } from 'typeorm';
import {
  FOLDER_TYPES_OF_CLASS,
  type ChangeKind,
  type ItemClass,
  type ItemMoveManyReply,
  type MoveStatus,
} from '@mail/contracts';
import { notFound } from '../errors';
import { folderSubtree, uncountItems, type FolderRepository } from './folder.repository';
import { journalChanges } from './journal';

type Move = { itemId: string; toFolderId: string };

/** Journals entries grouped by folder, folders in id order; returns each entry's number. */
async function journalByFolder(
  manager: EntityManager,
  mailboxId: string,
  entries: Array<{ folderId: string; itemId: string; kind: ChangeKind }>,
  origin: string | null,
): Promise<number[]> {
  const numbers = new Array<number>(entries.length);
  const folders = [...new Set(entries.map((e) => e.folderId))].sort();
  for (const folderId of folders) {
    const indexes = entries.flatMap((e, i) => (e.folderId === folderId ? [i] : []));
    const assigned = await journalChanges(
      manager,
      mailboxId,
      folderId,
      indexes.map((i) => entries[i]),
      origin,
    );
    indexes.forEach((entry, k) => (numbers[entry] = assigned[k]));
  }
  return numbers;
}

export class BulkRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly folders: FolderRepository,
  ) {}

  /** Moves what can be moved; every other move gets its reason. Returns the folders touched. */
  async moveMany(mailboxId: string, moves: Move[], origin: string | null) {
    return this.dataSource.transaction(async (manager) => {
      const itemIds = [...new Set(moves.map((m) => m.itemId))].sort();
      const items: Array<{ id: string; folder_id: string; item_class: ItemClass }> =
        await manager.query(
          `SELECT id, folder_id, item_class FROM mailbox.item
           WHERE id = ANY($1::uuid[]) AND mailbox_id = $2 ORDER BY id FOR UPDATE`,
          [itemIds, mailboxId],
        );
      const targets: Array<{ id: string; folder_type: number }> = await manager.query(
        'SELECT id, folder_type FROM mailbox.folder WHERE id = ANY($1::uuid[]) AND mailbox_id = $2',
        [[...new Set(moves.map((m) => m.toFolderId))], mailboxId],
      );
      const itemById = new Map(items.map((item) => [item.id, item]));
      const typeOf = new Map(targets.map((folder) => [folder.id, folder.folder_type]));
      // An item named twice moves once: its later moves see where the first one put it.
      const at = new Map(items.map((item) => [item.id, item.folder_id]));
      const statuses: MoveStatus[] = [];
      const done: Array<{ index: number; from: string; to: string }> = [];
      for (const [index, move] of moves.entries()) {
        const item = itemById.get(move.itemId);
        const type = typeOf.get(move.toFolderId);
        let status: MoveStatus = 'moved';
        if (!item) status = 'item-not-found';
        else if (type === undefined) status = 'folder-not-found';
        else if (at.get(item.id) === move.toFolderId) status = 'same-folder';
        else if (!FOLDER_TYPES_OF_CLASS[item.item_class].includes(type)) status = 'class-mismatch';
        statuses.push(status);
        if (status !== 'moved') continue;
        done.push({ index, from: at.get(item!.id)!, to: move.toFolderId });
        at.set(item!.id, move.toFolderId);
      }
      const numbers = await journalByFolder(
        manager,
        mailboxId,
        done.flatMap((d) => [
          { folderId: d.from, itemId: moves[d.index].itemId, kind: 'move-out' as const },
          { folderId: d.to, itemId: moves[d.index].itemId, kind: 'move-in' as const },
        ]),
        origin,
      );
      // The move-in number of each move; an item's last move decides where it ends.
      const changeNumbers = new Map(done.map((d, k) => [d.index, numbers[2 * k + 1]]));
      const final = new Map(
        done.map((d, k) => [moves[d.index].itemId, { to: d.to, n: numbers[2 * k + 1] }]),
      );
      if (final.size > 0)
        await manager.query(
          `UPDATE mailbox.item i SET folder_id = m.folder_id, change_number = m.n, modified_at = now()
           FROM unnest($1::uuid[], $2::uuid[], $3::bigint[]) AS m(id, folder_id, n) WHERE i.id = m.id`,
          [
            [...final.keys()],
            [...final.values()].map((v) => v.to),
            [...final.values()].map((v) => v.n),
          ],
        );
      const reply: ItemMoveManyReply = {
        results: moves.map((move, index) => ({
          itemId: move.itemId,
          status: statuses[index],
          ...(changeNumbers.has(index) ? { changeNumber: changeNumbers.get(index) } : {}),
        })),
      };
      const touched = [...new Set(done.flatMap((d) => [d.from, d.to]))];
      return { reply, folderIds: touched };
    });
  }

  /**
   * Deletes every item of a folder, leaving a tombstone for each in its journal; with
   * `deleteSubfolders`, its subfolders and their contents go too (a hierarchy change).
   */
  async empty(
    mailboxId: string,
    folderId: string,
    deleteSubfolders: boolean,
    origin: string | null,
  ) {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT 1 FROM mailbox.mailbox WHERE id = $1 FOR UPDATE', [mailboxId]);
      const folder = await this.folders.find(mailboxId, folderId, manager);
      if (!folder) throw notFound('folder');
      const subfolders = deleteSubfolders
        ? (await folderSubtree(manager, folderId)).filter((id) => id !== folderId)
        : [];
      const deletedItems = await uncountItems(manager, mailboxId, [folderId, ...subfolders]);
      const ids: Array<{ id: string }> = await manager.query(
        'SELECT id FROM mailbox.item WHERE folder_id = $1 ORDER BY id',
        [folderId],
      );
      const numbers = await journalChanges(
        manager,
        mailboxId,
        folderId,
        ids.map((row) => ({ itemId: row.id, kind: 'delete' as const })),
        origin,
      );
      await manager.query('DELETE FROM mailbox.item WHERE folder_id = $1', [folderId]);
      if (subfolders.length > 0) {
        await manager.query(
          'UPDATE mailbox.mailbox SET hierarchy_change_number = hierarchy_change_number + 1 WHERE id = $1',
          [mailboxId],
        );
        // Their items, MIME, attachments and journals go with them (ON DELETE CASCADE).
        await manager.query('DELETE FROM mailbox.folder WHERE id = ANY($1::uuid[])', [subfolders]);
      }
      return {
        deletedItems,
        deletedFolders: subfolders.length,
        changeNumber: numbers.at(-1) ?? folder.changeNumber,
      };
    });
  }
}
