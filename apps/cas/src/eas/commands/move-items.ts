/**
 * MoveItems (MS-ASCMD 2.2.1.12): each move succeeds or fails on its own; an item keeps its
 * ServerId in its new folder (DstMsgId). The moves carry the device id as their origin: the
 * device already knows both sides, so neither folder echoes them back to it.
 * Statuses (2.2.3.177.9): 1 invalid source (folder or item), 2 invalid destination, 3 success,
 * 4 source and destination are the same, 5 the move failed (the destination does not take
 * that class); a malformed request is answered with 5.
 */
import { ItemFetch, ItemMoveMany, MOVE_ITEMS_MAX, type MoveStatus } from '@mail/contracts';
import { el } from '@mail/wbxml';
import {
  children,
  EasProtocolError,
  expectRoot,
  requiredTexts,
  type EasCommand,
  type EasContext,
} from '../command';
import { versionsFrom } from '../protocol';
import { isItemId } from '../item-id';

const NS = 'Move';
export const MOVE_ITEMS_STATUS = {
  invalidSource: 1,
  invalidDestination: 2,
  success: 3,
  sameFolder: 4,
  failure: 5,
} as const;
const FROM_MAILBOX: Record<MoveStatus, number> = {
  moved: MOVE_ITEMS_STATUS.success,
  'item-not-found': MOVE_ITEMS_STATUS.invalidSource,
  'folder-not-found': MOVE_ITEMS_STATUS.invalidDestination,
  'same-folder': MOVE_ITEMS_STATUS.sameFolder,
  'class-mismatch': MOVE_ITEMS_STATUS.failure,
};

export interface Move {
  SrcMsgId: string;
  SrcFldId: string;
  DstFldId: string;
}
export type MoveItemsResponse = Array<{ srcMsgId: string; status: number; dstMsgId?: string }>;

function parse(body: Parameters<EasCommand['parse']>[0]): Move[] {
  const moves = children(expectRoot(body, NS, 'MoveItems')).filter((c) => c.tag === 'Move');
  if (!moves.length || moves.length > MOVE_ITEMS_MAX)
    throw new EasProtocolError(`give 1 to ${MOVE_ITEMS_MAX} Move elements`);
  return moves.map((move) => {
    const texts = requiredTexts(move, ['SrcMsgId', 'SrcFldId', 'DstFldId']);
    if (Object.values(texts).some((t) => t.length < 1 || t.length > 64))
      throw new EasProtocolError('SrcMsgId, SrcFldId and DstFldId are 1 to 64 characters');
    return texts;
  });
}

async function handle(moves: Move[], context: EasContext): Promise<MoveItemsResponse> {
  const mailbox = context.user.userPrincipalName;
  const { folders } = await context.services.hierarchy.folders(mailbox);
  const folderIds = new Set(folders.map((f) => f.id));
  const ids = [...new Set(moves.map((m) => m.SrcMsgId).filter(isItemId))];
  const found = ids.length
    ? await context.bus.request(ItemFetch, {
        mailbox,
        itemIds: ids,
        select: { properties: false, attachments: false },
      })
    : { items: [] };
  const folderOf = new Map(found.items.map((item) => [item.itemId, item.folderId]));
  const outcome: MoveItemsResponse = moves.map((m) => {
    const status =
      !folderIds.has(m.SrcFldId) || folderOf.get(m.SrcMsgId) !== m.SrcFldId
        ? MOVE_ITEMS_STATUS.invalidSource
        : !folderIds.has(m.DstFldId)
          ? MOVE_ITEMS_STATUS.invalidDestination
          : m.SrcFldId === m.DstFldId
            ? MOVE_ITEMS_STATUS.sameFolder
            : MOVE_ITEMS_STATUS.success;
    return { srcMsgId: m.SrcMsgId, status };
  });
  const accepted = moves.filter((_m, i) => outcome[i].status === MOVE_ITEMS_STATUS.success);
  if (accepted.length) {
    const reply = await context.bus.request(ItemMoveMany, {
      mailbox,
      moves: accepted.map((m) => ({ itemId: m.SrcMsgId, toFolderId: m.DstFldId })),
      origin: context.device.id,
    });
    const results = new Map(reply.results.map((r) => [r.itemId, FROM_MAILBOX[r.status]]));
    for (const entry of outcome)
      if (entry.status === MOVE_ITEMS_STATUS.success) {
        entry.status = results.get(entry.srcMsgId) ?? MOVE_ITEMS_STATUS.failure;
        if (entry.status === MOVE_ITEMS_STATUS.success) entry.dstMsgId = entry.srcMsgId;
      }
  }
  return outcome;
}

export const moveItems: EasCommand<Move[], MoveItemsResponse> = {
  name: 'MoveItems',
  versions: versionsFrom('2.5'),
  requiresPolicyKey: true,
  allowedWhenQuarantined: false,
  body: 'wbxml',
  root: { ns: NS, tag: 'MoveItems' },
  protocolErrorStatus: MOVE_ITEMS_STATUS.failure,
  parse,
  handle,
  write: (response) =>
    el(
      NS,
      'MoveItems',
      response.map((r) =>
        el(NS, 'Response', [
          el(NS, 'SrcMsgId', r.srcMsgId),
          el(NS, 'Status', String(r.status)),
          ...(r.dstMsgId ? [el(NS, 'DstMsgId', r.dstMsgId)] : []),
        ]),
      ),
    ),
};
