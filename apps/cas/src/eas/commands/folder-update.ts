/**
 * FolderUpdate (MS-ASCMD 2.2.1.6): renames a user folder and/or moves it under ParentId (0:
 * the root). Statuses (2.2.3.177.6): 1 success with the new SyncKey, 2 the name exists or the
 * folder is a special one or cannot move there, 4 the folder does not exist, 5 the parent
 * does not exist, 6 server error, 9 unknown SyncKey, 10 malformed request.
 */
import { FolderUpdate } from '@mail/contracts';
import { childText, expectRoot, EasProtocolError, type EasCommand } from '../command';
import { versionsFrom } from '../protocol';
import {
  FOLDER_CHANGE_STATUS as STATUS,
  NS,
  changeHierarchy,
  findFolder,
  heldFolder,
  nameTaken,
  refusedStatus,
  writeFolderChange,
  type FolderChangeResponse,
} from '../hierarchy/folder-change';
import { subtreeOf } from '../hierarchy/folder-state';
import { validFolderName } from '../hierarchy/folder-name';

export interface FolderUpdateRequest {
  syncKey: string;
  serverId: string;
  parentId: string;
  displayName: string;
}

export const folderUpdate: EasCommand<FolderUpdateRequest, FolderChangeResponse> = {
  name: 'FolderUpdate',
  versions: versionsFrom('2.5'),
  requiresPolicyKey: true,
  allowedWhenQuarantined: false,
  body: 'wbxml',
  root: { ns: NS, tag: 'FolderUpdate' },
  protocolErrorStatus: STATUS.badRequest,
  serverErrorStatus: STATUS.serverError,
  parse(body) {
    const root = expectRoot(body, NS, 'FolderUpdate');
    const [syncKey, serverId, parentId, displayName] = [
      'SyncKey',
      'ServerId',
      'ParentId',
      'DisplayName',
    ].map((tag) => childText(root, tag));
    if (
      syncKey === undefined ||
      serverId === undefined ||
      parentId === undefined ||
      displayName === undefined
    )
      throw new EasProtocolError('FolderUpdate needs SyncKey, ServerId, ParentId and DisplayName');
    return { syncKey, serverId, parentId, displayName };
  },
  handle(request, context) {
    return changeHierarchy(context, request.syncKey, 'FolderUpdate', async (held, folders) => {
      const folder = findFolder(folders, request.serverId);
      if (!folder) return { status: STATUS.notFound };
      if (folder.isDefault) return { status: STATUS.exists };
      if (!validFolderName(request.displayName)) return { status: STATUS.badRequest };
      const parentId = request.parentId === '0' ? null : request.parentId;
      if (parentId !== null && !findFolder(folders, parentId))
        return { status: STATUS.parentNotFound };
      const all = folders.map(heldFolder);
      if (parentId !== null && subtreeOf(all, folder.id).has(parentId))
        return { status: STATUS.exists };
      if (nameTaken(folders, parentId, request.displayName, folder.id))
        return { status: STATUS.exists };
      try {
        const updated = await context.bus.request(FolderUpdate, {
          mailbox: context.user.userPrincipalName,
          folderId: folder.id,
          displayName: request.displayName,
          parentId,
        });
        const mine = heldFolder(updated);
        const holds = held.state.folders.some((f) => f.id === mine.id);
        return {
          folders: holds
            ? held.state.folders.map((f) => (f.id === mine.id ? mine : f))
            : [...held.state.folders, mine],
        };
      } catch (error) {
        return { status: refusedStatus(error, STATUS.notFound) };
      }
    });
  },
  write: (response) => writeFolderChange('FolderUpdate', response),
};
