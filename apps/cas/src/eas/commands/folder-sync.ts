/**
 * FolderSync (MS-ASCMD 2.2.1.5): the folder hierarchy since the device's SyncKey. SyncKey 0
 * sends every folder (a second 0 is just as harmless); a known key sends what was added,
 * changed or deleted since, under the next key, or the same key with Count 0 when nothing
 * changed (no state is written); the previous key again gets the lost answer again.
 * Statuses (2.2.3.177.5): 1 success, 6 server error, 9 unknown SyncKey, 10 malformed request.
 */
import { el, type WbxmlElement } from '@mail/wbxml';
import { expectRoot, requiredTexts, type EasCommand, type EasContext } from '../command';
import { versionsFrom } from '../protocol';
import {
  diffFolders,
  hasChanges,
  heldFolder,
  type FolderChanges,
  type HeldFolder,
} from '../hierarchy/folder-state';
import { heldHierarchy, proposeHierarchy } from '../hierarchy/hierarchy-key';

const NS = 'FolderHierarchy';

export const FOLDER_SYNC_STATUS = { success: 1, serverError: 6, invalidSyncKey: 9, badRequest: 10 };

export interface FolderSyncRequest {
  syncKey: string;
}

export type FolderSyncResponse =
  | { status: 1; syncKey: string; changes: FolderChanges; bytes?: Uint8Array }
  /** The answer the device lost, as it was sent. */
  | { status: 1; replay: Uint8Array }
  | { status: 9 };

/** The wire form of a folder: ParentId 0 is the root. */
export function folderElement(tag: 'Add' | 'Update', folder: HeldFolder): WbxmlElement {
  return el(NS, tag, [
    el(NS, 'ServerId', folder.id),
    el(NS, 'ParentId', folder.parentId ?? '0'),
    el(NS, 'DisplayName', folder.name),
    el(NS, 'Type', String(folder.type)),
  ]);
}

function responseTree(syncKey: string, changes: FolderChanges): WbxmlElement {
  const count = changes.adds.length + changes.updates.length + changes.deletes.length;
  return el(NS, 'FolderSync', [
    el(NS, 'Status', '1'),
    el(NS, 'SyncKey', syncKey),
    el(NS, 'Changes', [
      el(NS, 'Count', String(count)),
      ...changes.updates.map((f) => folderElement('Update', f)),
      ...changes.deletes.map((id) => el(NS, 'Delete', [el(NS, 'ServerId', id)])),
      ...changes.adds.map((f) => folderElement('Add', f)),
    ]),
  ]);
}

const NONE: FolderChanges = { adds: [], updates: [], deletes: [] };

async function handle(
  request: FolderSyncRequest,
  context: EasContext,
): Promise<FolderSyncResponse> {
  const { hierarchy } = context.services;
  const mailbox = context.user.userPrincipalName;
  if (request.syncKey === '0') {
    const list = await hierarchy.folders(mailbox, true);
    const folders = list.folders.map(heldFolder);
    const changes = diffFolders([], folders);
    const bytes = await proposeHierarchy(context, {
      key: 1,
      by: 'FolderSync',
      folders,
      changeNumber: list.hierarchyChangeNumber,
      response: responseTree('1', changes),
    });
    return bytes ? { status: 1, syncKey: '1', changes, bytes } : { status: 9 };
  }
  const held = await heldHierarchy(context, request.syncKey);
  if (!held) return { status: 9 };
  if (held.replay) return { status: 1, replay: Buffer.from(held.replay, 'base64') };
  const list = await hierarchy.folders(mailbox);
  if (list.hierarchyChangeNumber === held.verifiedChangeNumber)
    return { status: 1, syncKey: request.syncKey, changes: NONE };
  const folders = list.folders.map(heldFolder);
  const changes = diffFolders(held.state.folders, folders);
  if (!hasChanges(changes)) {
    hierarchy.verified(mailbox, context.device.id, list.hierarchyChangeNumber);
    return { status: 1, syncKey: request.syncKey, changes: NONE };
  }
  const next = String(held.key + 1);
  const bytes = await proposeHierarchy(context, {
    key: held.key + 1,
    by: 'FolderSync',
    folders,
    changeNumber: list.hierarchyChangeNumber,
    response: responseTree(next, changes),
  });
  return bytes ? { status: 1, syncKey: next, changes, bytes } : { status: 9 };
}

export const folderSync: EasCommand<FolderSyncRequest, FolderSyncResponse> = {
  name: 'FolderSync',
  versions: versionsFrom('2.5'),
  requiresPolicyKey: true,
  allowedWhenQuarantined: false,
  body: 'wbxml',
  root: { ns: NS, tag: 'FolderSync' },
  protocolErrorStatus: FOLDER_SYNC_STATUS.badRequest,
  serverErrorStatus: FOLDER_SYNC_STATUS.serverError,
  parse: (body) => ({
    syncKey: requiredTexts(expectRoot(body, NS, 'FolderSync'), ['SyncKey']).SyncKey,
  }),
  handle,
  write(response) {
    if (response.status === 9) return el(NS, 'FolderSync', [el(NS, 'Status', '9')]);
    if ('replay' in response) return response.replay;
    return response.bytes ?? responseTree(response.syncKey, response.changes);
  },
};
