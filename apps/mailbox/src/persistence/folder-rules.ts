import type { EntityManager } from 'typeorm';
import { FOLDER_TYPES_OF_CLASS, type ItemClass } from '@mail/contracts';
import { badRequest, notFound } from '../errors';

/** Refuses a folder of another mailbox, or one whose type does not take the class. */
export async function assertFolderTakes(
  manager: EntityManager,
  mailboxId: string,
  folderId: string,
  itemClass: ItemClass,
): Promise<void> {
  const [folder] = await manager.query(
    'SELECT folder_type FROM mailbox.folder WHERE id = $1 AND mailbox_id = $2',
    [folderId, mailboxId],
  );
  if (!folder) throw notFound('folder');
  if (!FOLDER_TYPES_OF_CLASS[itemClass].includes(folder.folder_type))
    throw badRequest(
      `folderId: a folder of type ${folder.folder_type} does not hold ${itemClass} items`,
    );
}
