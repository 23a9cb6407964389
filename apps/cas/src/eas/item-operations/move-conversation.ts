/**
 * ItemOperations Move (MS-ASCMD 2.2.1.10.1.3, 14.0+): every email of a conversation in the
 * user's mailbox into DstFldId. MoveAlways (moving the conversation's future mail too) needs
 * a standing rule the mailbox does not keep; the emails there now are moved either way.
 */
import { ConversationItems, ItemMoveMany } from '@mail/contracts';
import { el, type WbxmlElement } from '@mail/wbxml';
import type { EasContext } from '../command';
import { ITEM_OPERATIONS_STATUS as STATUS } from './item-operations-status';

const NS = 'ItemOperations';

export async function moveConversation(
  context: EasContext,
  conversationId: Uint8Array,
  dstFldId: string,
): Promise<WbxmlElement> {
  const answer = (status: number) =>
    el(NS, 'Move', [el(NS, 'Status', String(status)), el(NS, 'ConversationId', conversationId)]);
  const mailbox = context.user.userPrincipalName;
  const { folders } = await context.services.hierarchy.folders(mailbox);
  const target = folders.find((f) => f.id === dstFldId.toLowerCase());
  if (!target) return answer(STATUS.notFound);
  const { items } = await context.bus.request(ConversationItems, {
    mailbox,
    conversationId: Buffer.from(conversationId).toString('hex'),
  });
  const moves = items
    .filter((item) => item.folderId !== target.id)
    .map((item) => ({ itemId: item.itemId, toFolderId: target.id }));
  if (items.length === 0) return answer(STATUS.notFound);
  if (moves.length === 0) return answer(STATUS.success);
  const { results } = await context.bus.request(ItemMoveMany, {
    mailbox,
    moves,
    origin: context.device.id,
  });
  const failed = results.filter((r) => r.status !== 'moved' && r.status !== 'same-folder');
  if (failed.length > 0)
    context.log.info({ failed: failed.map((r) => r.status) }, 'conversation move left some');
  return answer(failed.length === 0 ? STATUS.success : STATUS.partialSuccess);
}
