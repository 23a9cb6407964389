/**
 * FolderCreate (MS-ASCMD 2.2.1.3): a user folder under ParentId (0: the root), of a user
 * folder Type. Statuses (2.2.3.177.3): 1 success with the new SyncKey and ServerId, 2 the name
 * exists under that parent, 3 the parent is a special folder, 5 the parent does not exist,
 * 6 server error, 9 unknown SyncKey, 10 malformed request.
 */
import { FolderCreate, USER_FOLDER_TYPES } from '@mail/contracts';
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
import { validFolderName } from '../hierarchy/folder-name';

/** MS-ASCMD 2.2.3.186.3: the Recipient Information Cache, which a client may not create. */
const RECIPIENT_INFORMATION_CACHE = 19;

export interface FolderCreateRequest {
  syncKey: string;
  parentId: string;
  displayName: string;
  type: number;
}

export const folderCreate: EasCommand<FolderCreateRequest, FolderChangeResponse> = {
  name: 'FolderCreate',
  versions: versionsFrom('2.5'),
  requiresPolicyKey: true,
  allowedWhenQuarantined: false,
  body: 'wbxml',
  root: { ns: NS, tag: 'FolderCreate' },
  protocolErrorStatus: STATUS.badRequest,
  serverErrorStatus: STATUS.serverError,
  parse(body) {
    const root = expectRoot(body, NS, 'FolderCreate');
    const [syncKey, parentId, displayName, type] = [
      'SyncKey',
      'ParentId',
      'DisplayName',
      'Type',
    ].map((tag) => childText(root, tag));
    if (syncKey === undefined || parentId === undefined || displayName === undefined)
      throw new EasProtocolError('FolderCreate needs SyncKey, ParentId and DisplayName');
    if (type === undefined || !/^[0-9]{1,3}$/.test(type))
      throw new EasProtocolError('FolderCreate needs a numeric Type');
    return { syncKey, parentId, displayName, type: Number(type) };
  },
  handle(request, context) {
    return changeHierarchy(context, request.syncKey, 'FolderCreate', async (held, folders) => {
      if (request.type === RECIPIENT_INFORMATION_CACHE) return { status: STATUS.specialFolder };
      if (!(USER_FOLDER_TYPES as readonly number[]).includes(request.type))
        return { status: STATUS.badRequest };
      if (!validFolderName(request.displayName)) return { status: STATUS.badRequest };
      const parentId = request.parentId === '0' ? null : request.parentId;
      if (parentId !== null && !findFolder(folders, parentId))
        return { status: STATUS.parentNotFound };
      if (nameTaken(folders, parentId, request.displayName)) return { status: STATUS.exists };
      try {
        const created = await context.bus.request(FolderCreate, {
          mailbox: context.user.userPrincipalName,
          parentId,
          displayName: request.displayName,
          type: request.type as (typeof USER_FOLDER_TYPES)[number],
        });
        return { folders: [...held.state.folders, heldFolder(created)], serverId: created.id };
      } catch (error) {
        return { status: refusedStatus(error, STATUS.parentNotFound) };
      }
    });
  },
  write: (response) => writeFolderChange('FolderCreate', response),
};
