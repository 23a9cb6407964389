/**
 * FolderDelete (MS-ASCMD 2.2.1.4): deletes a user folder with its subfolders and items.
 * Statuses (2.2.3.177.4): 1 success with the new SyncKey, 3 a special (default) folder,
 * 4 the folder does not exist, 6 server error, 9 unknown SyncKey, 10 malformed request.
 */
import { FolderDelete } from '@mail/contracts';
import { childText, expectRoot, EasProtocolError, type EasCommand } from '../command';
import { versionsFrom } from '../protocol';
import {
  FOLDER_CHANGE_STATUS as STATUS,
  NS,
  changeHierarchy,
  findFolder,
  refusedStatus,
  writeFolderChange,
  type FolderChangeResponse,
} from '../hierarchy/folder-change';
import { subtreeOf } from '../hierarchy/folder-state';

export interface FolderDeleteRequest {
  syncKey: string;
  serverId: string;
}

export const folderDelete: EasCommand<FolderDeleteRequest, FolderChangeResponse> = {
  name: 'FolderDelete',
  versions: versionsFrom('2.5'),
  requiresPolicyKey: true,
  allowedWhenQuarantined: false,
  body: 'wbxml',
  root: { ns: NS, tag: 'FolderDelete' },
  protocolErrorStatus: STATUS.badRequest,
  serverErrorStatus: STATUS.serverError,
  parse(body) {
    const root = expectRoot(body, NS, 'FolderDelete');
    const syncKey = childText(root, 'SyncKey');
    const serverId = childText(root, 'ServerId');
    if (syncKey === undefined || serverId === undefined)
      throw new EasProtocolError('FolderDelete needs SyncKey and ServerId');
    return { syncKey, serverId };
  },
  handle(request, context) {
    return changeHierarchy(context, request.syncKey, 'FolderDelete', async (held, folders) => {
      const folder = findFolder(folders, request.serverId);
      if (!folder) return { status: STATUS.notFound };
      if (folder.isDefault) return { status: STATUS.specialFolder };
      try {
        await context.bus.request(FolderDelete, {
          mailbox: context.user.userPrincipalName,
          folderId: folder.id,
        });
      } catch (error) {
        return { status: refusedStatus(error, STATUS.notFound) };
      }
      const gone = subtreeOf(held.state.folders, folder.id);
      return { folders: held.state.folders.filter((f) => !gone.has(f.id)) };
    });
  },
  write: (response) => writeFolderChange('FolderDelete', response),
};
