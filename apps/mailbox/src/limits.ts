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
  /** Bytes of MIME (or of attachments) one batch sends at most; more are written one by one. */
  deliveryBatchBytes: 64 * 1024 * 1024,
  /** Items whose search documents one background pass builds (one transaction). */
  searchIndexBatch: 256,
  /** Wait after a write before indexing, so the items of a burst are indexed together. */
  searchIndexDelayMs: 50,
  /** Wait before indexing again after a pass failed (the database away, say). */
  searchIndexRetryMs: 5_000,
} as const;
