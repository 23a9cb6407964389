/**
 * What FolderCreate, FolderUpdate and FolderDelete share: the request's SyncKey resolved
 * (hierarchy-key.ts), the mailbox's folders checked before anything is changed, the change
 * made over the bus, and the next SyncKey proposed with the device's new hierarchy (what it
 * held, with this one change applied), carried by this response. Their responses are
 * `<Root><Status/><SyncKey/>...</Root>`.
 */
import { BusError } from '@mail/runtime';
import { el, type WbxmlElement } from '@mail/wbxml';
import type { Folder } from '@mail/contracts';
import { expectRoot, requiredTexts, type EasCommand, type EasContext } from '../command';
import { versionsFrom } from '../protocol';
import { heldFolder, type HeldFolder, type HierarchyAnswerKind } from './folder-state';
import { heldHierarchy, proposeHierarchy, type HeldHierarchy } from './hierarchy-key';

export const NS = 'FolderHierarchy';

/** Statuses the three commands share (MS-ASCMD 2.2.3.177.3, .4, .6). */
export const FOLDER_CHANGE_STATUS = {
  success: 1,
  exists: 2,
  specialFolder: 3,
  notFound: 4,
  parentNotFound: 5,
  serverError: 6,
  invalidSyncKey: 9,
  badRequest: 10,
} as const;

export type FolderChangeResponse =
  { status: 1; syncKey: string; serverId?: string; bytes: Uint8Array } | { status: number };

/** The mailbox folder a wire ServerId or ParentId names ('0' is the root: null). */
export function findFolder(folders: readonly Folder[], id: string): Folder | undefined {
  return folders.find((f) => f.id === id);
}

/** A name already used by another folder under the same parent (names compare without case). */
export function nameTaken(
  folders: readonly Folder[],
  parentId: string | null,
  name: string,
  except?: string,
): boolean {
  const lower = name.toLowerCase();
  return folders.some(
    (f) => f.parentId === parentId && f.id !== except && f.displayName.toLowerCase() === lower,
  );
}

/** Maps the mailbox's refusals of a checked change (a race with another writer). */
export function refusedStatus(error: unknown, notFound: number): number {
  if (!(error instanceof BusError) || error.temporary) throw error;
  if (error.code === 'conflict') return FOLDER_CHANGE_STATUS.exists;
  if (error.code === 'not-found') return notFound;
  if (error.code === 'bad-request') return FOLDER_CHANGE_STATUS.exists;
  throw error;
}

/**
 * Resolves the SyncKey, runs `change` (which answers a Status, or the folders the device holds
 * once the change is made, plus the new ServerId for a create), and proposes the next key.
 */
export async function changeHierarchy(
  context: EasContext,
  syncKey: string,
  by: HierarchyAnswerKind,
  change: (
    held: HeldHierarchy,
    folders: readonly Folder[],
  ) => Promise<{ status: number } | { folders: HeldFolder[]; serverId?: string }>,
): Promise<FolderChangeResponse> {
  const held = await heldHierarchy(context, syncKey);
  if (!held) return { status: FOLDER_CHANGE_STATUS.invalidSyncKey };
  const mailbox = context.user.userPrincipalName;
  const { hierarchy } = context.services;
  const list = await hierarchy.folders(mailbox, true);
  const outcome = await change(held, list.folders);
  if ('status' in outcome) return outcome;
  hierarchy.forgetFolders(mailbox);
  const next = String(held.key + 1);
  const bytes = await proposeHierarchy(context, {
    key: held.key + 1,
    by,
    folders: outcome.folders,
    // The change number the device's view was last compared at: the next FolderSync compares
    // again and finds whatever else changed meanwhile.
    changeNumber: held.changeNumber,
    response: responseTree(by, next, outcome.serverId),
  });
  if (!bytes) return { status: FOLDER_CHANGE_STATUS.invalidSyncKey };
  return { status: 1, syncKey: next, serverId: outcome.serverId, bytes };
}

function responseTree(tag: string, syncKey: string, serverId?: string): WbxmlElement {
  return el(NS, tag, [
    el(NS, 'Status', '1'),
    el(NS, 'SyncKey', syncKey),
    ...(serverId === undefined ? [] : [el(NS, 'ServerId', serverId)]),
  ]);
}

/** The response body: the encoded success, or the Status alone. */
function writeFolderChange(tag: string, response: FolderChangeResponse) {
  return 'bytes' in response
    ? response.bytes
    : el(NS, tag, [el(NS, 'Status', String(response.status))]);
}

/**
 * What FolderCreate, FolderUpdate and FolderDelete declare alike (all versions, a policy key,
 * their statuses, their response) and their request: the required children, by tag.
 */
export function folderChangeCommand<T extends string>(
  tag: 'FolderCreate' | 'FolderUpdate' | 'FolderDelete',
  fields: readonly T[],
): Omit<EasCommand<Record<T, string>, FolderChangeResponse>, 'handle'> {
  return {
    name: tag,
    versions: versionsFrom('2.5'),
    requiresPolicyKey: true,
    allowedWhenQuarantined: false,
    body: 'wbxml',
    root: { ns: NS, tag },
    protocolErrorStatus: FOLDER_CHANGE_STATUS.badRequest,
    serverErrorStatus: FOLDER_CHANGE_STATUS.serverError,
    parse: (body) => requiredTexts(expectRoot(body, NS, tag), fields),
    write: (response) => writeFolderChange(tag, response),
  };
}

export { heldFolder };
