/**
 * A Search result's LongId (MS-ASCMD 2.2.3.98): what ItemOperations Fetch and SmartReply /
 * SmartForward (Source LongId) later name the item by. It is the mailbox's item id itself, the
 * same id Sync sends as ServerId: it names one item of the signed-in user's mailbox alone,
 * needs no state kept between the Search and its use, and every reader looks it up within the
 * user's own mailbox, so another user's id finds nothing.
 */
const ITEM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const encodeLongId = (itemId: string): string => itemId;

/** The item id a LongId names; null when it cannot name one of our items. */
export function decodeLongId(longId: string): string | null {
  const id = longId.trim();
  return ITEM_ID.test(id) ? id.toLowerCase() : null;
}
