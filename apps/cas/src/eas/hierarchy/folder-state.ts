/**
 * The folder hierarchy a device holds, kept with its FolderSync key in the mailbox's sync state
 * (the bytes are ours; the mailbox never reads them), and the difference between what a device
 * holds and what the mailbox has now: the Changes of a FolderSync response. Pure.
 */
import type { Folder } from '@mail/contracts';

/** A folder as a device knows it (MS-ASCMD FolderSync Add/Update). */
export interface HeldFolder {
  id: string;
  /** null: at the root (ParentId 0 on the wire). */
  parentId: string | null;
  name: string;
  type: number;
}

/** The command whose answer carried a hierarchy key: only FolderSync answers are replayed. */
export type HierarchyAnswerKind = 'FolderSync' | 'FolderCreate' | 'FolderUpdate' | 'FolderDelete';

export interface HierarchyState {
  by: HierarchyAnswerKind;
  folders: HeldFolder[];
}

export interface FolderChanges {
  /** Parents before their children. */
  adds: HeldFolder[];
  updates: HeldFolder[];
  deletes: string[];
}

export function heldFolder(folder: Folder): HeldFolder {
  return { id: folder.id, parentId: folder.parentId, name: folder.displayName, type: folder.type };
}

export function encodeState(state: HierarchyState): string {
  const rows = state.folders.map((f) => [f.id, f.parentId, f.name, f.type]);
  return Buffer.from(JSON.stringify([state.by, rows])).toString('base64');
}

/** null when the bytes are not a state this code wrote (a device then starts over). */
export function decodeState(base64: string): HierarchyState | null {
  try {
    const [by, rows] = JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as [
      HierarchyAnswerKind,
      Array<[string, string | null, string, number]>,
    ];
    if (typeof by !== 'string' || !Array.isArray(rows)) return null;
    return {
      by,
      folders: rows.map(([id, parentId, name, type]) => ({ id, parentId, name, type })),
    };
  } catch {
    return null;
  }
}

/** Folders ordered so that every parent comes before its children (then by name). */
export function parentsFirst(folders: readonly HeldFolder[]): HeldFolder[] {
  const byParent = new Map<string | null, HeldFolder[]>();
  const ids = new Set(folders.map((f) => f.id));
  for (const folder of folders) {
    // A folder whose parent is not in the list is placed with the roots.
    const parent = folder.parentId !== null && ids.has(folder.parentId) ? folder.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), folder]);
  }
  const ordered: HeldFolder[] = [];
  const queue = [...(byParent.get(null) ?? [])];
  while (queue.length > 0) {
    const folder = queue.shift()!;
    ordered.push(folder);
    queue.push(...(byParent.get(folder.id) ?? []));
  }
  return ordered;
}

/** What a device holding `held` must do to hold `current`. */
export function diffFolders(
  held: readonly HeldFolder[],
  current: readonly HeldFolder[],
): FolderChanges {
  const before = new Map(held.map((f) => [f.id, f]));
  const now = new Set(current.map((f) => f.id));
  const adds: HeldFolder[] = [];
  const updates: HeldFolder[] = [];
  for (const folder of parentsFirst(current)) {
    const old = before.get(folder.id);
    if (!old) adds.push(folder);
    else if (
      old.name !== folder.name ||
      old.parentId !== folder.parentId ||
      old.type !== folder.type
    )
      updates.push(folder);
  }
  // A deleted folder's subfolders are gone with it on the device: only the top one is named.
  const deletes = held
    .filter((f) => !now.has(f.id))
    .filter((f) => f.parentId === null || now.has(f.parentId) || !before.has(f.parentId))
    .map((f) => f.id);
  return { adds, updates, deletes };
}

export function hasChanges(changes: FolderChanges): boolean {
  return changes.adds.length + changes.updates.length + changes.deletes.length > 0;
}

/** The folder and every folder under it, among `folders`. */
export function subtreeOf(folders: readonly HeldFolder[], id: string): Set<string> {
  const subtree = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const f of folders)
      if (f.parentId !== null && subtree.has(f.parentId) && !subtree.has(f.id)) {
        subtree.add(f.id);
        grew = true;
      }
  }
  return subtree;
}
