/**
 * FolderCreate (MS-ASCMD 2.2.1.3): a user folder under ParentId (0: the root), of a user
 * folder Type. Statuses (2.2.3.177.3): 1 success with the new SyncKey and ServerId, 2 the name
 * exists under that parent, 3 the parent is a special folder, 5 the parent does not exist,
 * 6 server error, 9 unknown SyncKey, 10 malformed request.
 */
import { FolderCreate, USER_FOLDER_TYPES } from '@mail/contracts';
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
import { validFolderName } from '../hierarchy/folder-name';

/** MS-ASCMD 2.2.3.186.3: the Recipient Information Cache, which a client may not create. */
const RECIPIENT_INFORMATION_CACHE = 19;

const FIELDS = ['SyncKey', 'ParentId', 'DisplayName', 'Type'] as const;
export type FolderCreateRequest = Record<(typeof FIELDS)[number], string>;

export const folderCreate: EasCommand<FolderCreateRequest, FolderChangeResponse> = {
  ...folderChangeCommand('FolderCreate', FIELDS),
  handle(request, context) {
    return changeHierarchy(context, request.SyncKey, 'FolderCreate', async (held, folders) => {
      const type = /^[0-9]{1,3}$/.test(request.Type) ? Number(request.Type) : NaN;
      if (type === RECIPIENT_INFORMATION_CACHE) return { status: STATUS.specialFolder };
      if (!(USER_FOLDER_TYPES as readonly number[]).includes(type))
        return { status: STATUS.badRequest };
      if (!validFolderName(request.DisplayName)) return { status: STATUS.badRequest };
      const parentId = request.ParentId === '0' ? null : request.ParentId;
      if (parentId !== null && !findFolder(folders, parentId))
        return { status: STATUS.parentNotFound };
      if (nameTaken(folders, parentId, request.DisplayName)) return { status: STATUS.exists };
      try {
        const created = await context.bus.request(FolderCreate, {
          mailbox: context.user.userPrincipalName,
          parentId,
          displayName: request.DisplayName,
          type: type as (typeof USER_FOLDER_TYPES)[number],
        });
        return { folders: [...held.state.folders, heldFolder(created)], serverId: created.id };
      } catch (error) {
        return { status: refusedStatus(error, STATUS.parentNotFound) };
      }
    });
  },
};
