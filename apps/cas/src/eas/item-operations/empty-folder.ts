/**
 * ItemOperations EmptyFolderContents (MS-ASCMD 2.2.1.10.1.2): every item of one of the user's
 * folders, and with DeleteSubFolders its subfolders too; the folder itself stays.
 */
import { FolderEmpty } from '@mail/contracts';
import { el, type WbxmlElement } from '@mail/wbxml';
import type { EasContext } from '../command';
import { ITEM_OPERATIONS_STATUS as STATUS } from './item-operations-status';

const NS = 'ItemOperations';

export async function emptyFolderContents(
  context: EasContext,
  collectionId: string,
  deleteSubFolders: boolean,
): Promise<WbxmlElement> {
  const answer = (status: number) =>
    el(NS, 'EmptyFolderContents', [
      el(NS, 'Status', String(status)),
      el('AirSync', 'CollectionId', collectionId),
    ]);
  const mailbox = context.user.userPrincipalName;
  const { folders } = await context.services.hierarchy.folders(mailbox);
  const folder = folders.find((f) => f.id === collectionId.toLowerCase());
  if (!folder) return answer(STATUS.notFound);
  await context.bus.request(FolderEmpty, {
    mailbox,
    folderId: folder.id,
    deleteSubfolders: deleteSubFolders,
    origin: context.device.id,
  });
  if (deleteSubFolders) context.services.hierarchy.forgetFolders(mailbox);
  return answer(STATUS.success);
}
