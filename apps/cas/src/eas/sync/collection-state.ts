/**
 * What CAS keeps per device and collection beside the journal position (DESIGN.md, "Sync
 * state"): the email filter the device's items were chosen by, the listing still to send
 * (the first fill, or a wider filter), and the ids of the items the device holds, so that a
 * journal entry becomes an Add, a Change or a Delete for this device and SoftDelete knows
 * what left the window. The mailbox stores the blob and never reads it.
 *
 * Layout: a 4-byte length, that many bytes of JSON, then 16 bytes per held item id.
 */
export interface Fill {
  since: string | null;
  cursor: string | null;
}

export interface CollectionState {
  filterType: number;
  /** Start of the filter window the held items were chosen by; null: no age limit. */
  since: string | null;
  /** Items still to list and send as Adds; null once every item of the window was sent. */
  fill: Fill | null;
  held: Set<string>;
}

const ID_BYTES = 16;

const idHex = (id: string) => id.replace(/-/g, '');
const idOf = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

export function encodeCollectionState(state: CollectionState): string {
  const head = Buffer.from(
    JSON.stringify({ v: 1, filterType: state.filterType, since: state.since, fill: state.fill }),
  );
  const bytes = Buffer.alloc(4 + head.length + state.held.size * ID_BYTES);
  bytes.writeUInt32BE(head.length, 0);
  head.copy(bytes, 4);
  let at = 4 + head.length;
  for (const id of state.held) {
    bytes.write(idHex(id), at, 'hex');
    at += ID_BYTES;
  }
  return bytes.toString('base64');
}

/** null when the blob is not one this code wrote: the device then starts the collection over. */
export function decodeCollectionState(base64: string): CollectionState | null {
  try {
    const bytes = Buffer.from(base64, 'base64');
    const length = bytes.readUInt32BE(0);
    const rest = bytes.length - 4 - length;
    if (rest < 0 || rest % ID_BYTES !== 0) return null;
    const head = JSON.parse(bytes.subarray(4, 4 + length).toString('utf8')) as {
      v?: number;
      filterType?: number;
      since?: string | null;
      fill?: Fill | null;
    };
    if (head.v !== 1 || typeof head.filterType !== 'number') return null;
    const held = new Set<string>();
    for (let at = 4 + length; at < bytes.length; at += ID_BYTES)
      held.add(idOf(bytes.toString('hex', at, at + ID_BYTES)));
    return {
      filterType: head.filterType,
      since: head.since ?? null,
      fill: head.fill ?? null,
      held,
    };
  } catch {
    return null;
  }
}

/** Only mailbox item ids are ServerIds of email: anything else names nothing. */
