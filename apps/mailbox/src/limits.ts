/** Every limit of the mailbox role in one place (STYLE.md). */
import { MAX_MESSAGE_BYTES } from '@mail/contracts';

export const MAILBOX_LIMITS = {
  /** Largest message stored, after base64 decoding; the bus contract bounds the encoded form. */
  maxMessageBytes: MAX_MESSAGE_BYTES,
  /** Characters of plain text kept as the preview (MS-ASAIRS Preview allows up to 255). */
  previewChars: 255,
  /** Body text kept for search: a tsvector holds at most 1 MB, and the rest of a body adds little. */
  searchTextChars: 256 * 1024,
  /** Folders one mailbox may hold. */
  maxFolders: 5000,
  /** Deliveries committed together at most (group commit, delivery-batcher.ts). */
  deliveryBatch: 64,
  /** Delivery transactions in flight at once; more arrivals wait and join the next batch. */
  deliveryBatchesInFlight: 4,
} as const;
