/**
 * FolderUpdate (MS-ASCMD 2.2.1.6): renames a user folder and/or moves it under ParentId (0:
 * the root). Statuses (2.2.3.177.6): 1 success with the new SyncKey, 2 the name exists or the
 * folder is a special one or cannot move there, 4 the folder does not exist, 5 the parent
 * does not exist, 6 server error, 9 unknown SyncKey, 10 malformed request.
 */
import { FolderUpdate } from '@mail/contracts';
import type { EasCommand } from '../command';
import {
  FOLDER_CHANGE_STATUS as STATUS,
  changeHierarchy,
  findFolder,
  folderChangeCommand,
  heldFolder,
  nameTaken,
  refusedStatus,
  type FolderChangeResponse,
} from '../hierarchy/folder-change';
import { subtreeOf } from '../hierarchy/folder-state';
import { validFolderName } from '../hierarchy/folder-name';

const FIELDS = ['SyncKey', 'ServerId', 'ParentId', 'DisplayName'] as const;
export type FolderUpdateRequest = Record<(typeof FIELDS)[number], string>;

export const folderUpdate: EasCommand<FolderUpdateRequest, FolderChangeResponse> = {
  ...folderChangeCommand('FolderUpdate', FIELDS),
  handle(request, context) {
    return changeHierarchy(context, request.SyncKey, 'FolderUpdate', async (held, folders) => {
      const folder = findFolder(folders, request.ServerId);
      if (!folder) return { status: STATUS.notFound };
      if (folder.isDefault) return { status: STATUS.exists };
      if (!validFolderName(request.DisplayName)) return { status: STATUS.badRequest };
      const parentId = request.ParentId === '0' ? null : request.ParentId;
      if (parentId !== null && !findFolder(folders, parentId))
        return { status: STATUS.parentNotFound };
      if (parentId !== null && subtreeOf(folders.map(heldFolder), folder.id).has(parentId))
        return { status: STATUS.exists };
      if (nameTaken(folders, parentId, request.DisplayName, folder.id))
        return { status: STATUS.exists };
      try {
        const updated = heldFolder(
          await context.bus.request(FolderUpdate, {
            mailbox: context.user.userPrincipalName,
            folderId: folder.id,
            displayName: request.DisplayName,
            parentId,
          }),
        );
        const holds = held.state.folders.some((f) => f.id === updated.id);
        return {
          folders: holds
            ? held.state.folders.map((f) => (f.id === updated.id ? updated : f))
            : [...held.state.folders, updated],
        };
      } catch (error) {
        return { status: refusedStatus(error, STATUS.notFound) };
      }
    });
  },
};
