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

// A 10,000-item folder's state is written on every Sync window: ids are packed digit by digit
// (a regex and a hex string per id took ~9 ms a window) and unpacked from one hex string.
const NIBBLE = new Uint8Array(128);
for (const [i, digit] of [...'0123456789abcdef'].entries()) {
  NIBBLE[digit.charCodeAt(0)] = i;
  NIBBLE[digit.toUpperCase().charCodeAt(0)] = i;
}
const DASH = 45;

function writeId(bytes: Buffer, id: string, at: number) {
  const end = at + ID_BYTES;
  for (let k = 0; k < id.length && at < end;) {
    if (id.charCodeAt(k) === DASH) {
      k++;
      continue;
    }
    bytes[at++] = (NIBBLE[id.charCodeAt(k)] << 4) | NIBBLE[id.charCodeAt(k + 1)];
    k += 2;
  }
}

const idAt = (hex: string, at: number) =>
  `${hex.slice(at, at + 8)}-${hex.slice(at + 8, at + 12)}-${hex.slice(at + 12, at + 16)}-` +
  `${hex.slice(at + 16, at + 20)}-${hex.slice(at + 20, at + 32)}`;

export function encodeCollectionState(state: CollectionState): string {
  const head = Buffer.from(
    JSON.stringify({ v: 1, filterType: state.filterType, since: state.since, fill: state.fill }),
  );
  const bytes = Buffer.alloc(4 + head.length + state.held.size * ID_BYTES);
  bytes.writeUInt32BE(head.length, 0);
  head.copy(bytes, 4);
  let at = 4 + head.length;
  for (const id of state.held) {
    writeId(bytes, id, at);
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
    const hex = bytes.toString('hex', 4 + length);
    for (let at = 0; at < hex.length; at += 2 * ID_BYTES) held.add(idAt(hex, at));
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
