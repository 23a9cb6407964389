/**
 * How EAS names a mail item: Sync's ServerId, Search's LongId (MS-ASCMD 2.2.3.98) and the
 * ItemId / LongId that SmartReply, SmartForward, ItemOperations and MoveItems give back are
 * all the mailbox's own item id. It names one item of the signed-in user's mailbox alone, needs
 * no state kept between a Search and its use, and every reader looks it up within the user's
 * own mailbox, so another user's id finds nothing.
 */
const ITEM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether a device sent back an id exactly as we gave it. */
export const isItemId = (id: string): boolean => ITEM_ID.test(id);

/** The item id a device-given id names (case and spaces forgiven); null when it names none. */
export function itemIdOf(id: string): string | null {
  const folded = id.trim().toLowerCase();
  return ITEM_ID.test(folded) ? folded : null;
}

export const encodeLongId = (itemId: string): string => itemId;
