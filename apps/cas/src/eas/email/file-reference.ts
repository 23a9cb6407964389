/**
 * EAS FileReference (MS-ASAIRS 2.2.2.24): what a device hands back to ItemOperations (and, at
 * 2.5, as the AttName of GetAttachment) to fetch an attachment. It is opaque to the device and
 * stable for the life of the item: the item id's 16 bytes and the attachment's ordinal, in
 * base64url. It names nothing outside the mailbox (no path, no user): the mailbox answers a
 * reference only within the mailbox it is asked for, so another user's reference is not found.
 */
import { AttachmentReference } from '@mail/contracts';

const ID_BYTES = 16;
const MAX_ORDINAL = 9999;
/** 16 id bytes + 2 ordinal bytes, unpadded base64url. */
const FILE_REFERENCE = /^[A-Za-z0-9_-]{24}$/;

export interface AttachmentLocator {
  itemId: string;
  ordinal: number;
  /** The mailbox's own attachment reference (`<itemId>:<ordinal>`). */
  reference: string;
}

/** The FileReference of a mailbox attachment reference. */
export function encodeFileReference(reference: string): string {
  const [itemId, ordinalText] = AttachmentReference.parse(reference).split(':');
  const bytes = Buffer.alloc(ID_BYTES + 2);
  Buffer.from(itemId.replace(/-/g, ''), 'hex').copy(bytes);
  bytes.writeUInt16BE(Number(ordinalText), ID_BYTES);
  return bytes.toString('base64url');
}

/** The attachment a FileReference names; null when it is not one of ours (not found). */
export function decodeFileReference(fileReference: string): AttachmentLocator | null {
  if (!FILE_REFERENCE.test(fileReference)) return null;
  const bytes = Buffer.from(fileReference, 'base64url');
  if (bytes.length !== ID_BYTES + 2) return null;
  const ordinal = bytes.readUInt16BE(ID_BYTES);
  if (ordinal > MAX_ORDINAL) return null;
  const hex = bytes.subarray(0, ID_BYTES).toString('hex');
  const itemId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const reference = `${itemId}:${ordinal}`;
  // Round-trip: a reference with trailing bits set decodes to bytes it was not made from.
  if (encodeFileReference(reference) !== fileReference) return null;
  return { itemId, ordinal, reference };
}
