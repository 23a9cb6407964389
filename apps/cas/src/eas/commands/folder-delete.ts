/**
 * FolderDelete (MS-ASCMD 2.2.1.4): deletes a user folder with its subfolders and items.
 * Statuses (2.2.3.177.4): 1 success with the new SyncKey, 3 a special (default) folder,
 * 4 the folder does not exist, 6 server error, 9 unknown SyncKey, 10 malformed request.
 */
import { FolderDelete } from '@mail/contracts';
import type { EasCommand } from '../command';
import {
  FOLDER_CHANGE_STATUS as STATUS,
  changeHierarchy,
  findFolder,
  folderChangeCommand,
  refusedStatus,
  type FolderChangeResponse,
} from '../hierarchy/folder-change';
import { subtreeOf } from '../hierarchy/folder-state';

const FIELDS = ['SyncKey', 'ServerId'] as const;
export type FolderDeleteRequest = Record<(typeof FIELDS)[number], string>;

export const folderDelete: EasCommand<FolderDeleteRequest, FolderChangeResponse> = {
  ...folderChangeCommand('FolderDelete', FIELDS),
  handle(request, context) {
    return changeHierarchy(context, request.SyncKey, 'FolderDelete', async (held, folders) => {
      const folder = findFolder(folders, request.ServerId);
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
};
