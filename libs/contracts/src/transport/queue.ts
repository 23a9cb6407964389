/**
 * The mail queue as administrators see it (Exchange's Get-Message / Retry-Queue /
 * Remove-Message): messages waiting in hub transport and each recipient's delivery state.
 */
import { z } from 'zod';
import { request } from '../bus/subject';

/**
 * A message's state: `new` until the categorizer has resolved its recipients, `active` while a
 * worker delivers it, `ready` with deliveries due, `retry` when every remaining delivery waits
 * for its next attempt.
 */
export const QUEUE_MESSAGE_STATES = ['new', 'active', 'ready', 'retry'] as const;
export type QueueMessageState = (typeof QUEUE_MESSAGE_STATES)[number];

/** A recipient's delivery: due, waiting to retry, or done one way or the other. */
export const DELIVERY_STATES = ['ready', 'retry', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const QueueId = z.string().uuid('must be a queue id');

export interface QueueMessageSummary {
  queueId: string;
  receivedAt: string;
  /** The envelope sender; empty for a notification (null reverse-path). */
  sender: string;
  /** `smtp` (port 25), `submission` (port 587), `submit` (CAS over the bus) or `dsn`. */
  source: string;
  size: number;
  state: QueueMessageState;
  /** Envelope recipients as received (before groups are expanded). */
  recipients: number;
  /** Deliveries not finished yet. */
  pending: number;
  nextAttemptAt: string | null;
  lastError: string | null;
}

export interface QueueDelivery {
  recipient: string;
  /** The envelope recipient this delivery came from (a group, a proxy address). */
  originalRecipient: string;
  route: 'mailbox' | 'smtp';
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string | null;
  /** The last answer: an SMTP reply, or what the mailbox role said. */
  lastResponse: string | null;
}

export interface QueueMessageDetail extends QueueMessageSummary {
  envelopeRecipients: string[];
  deliveries: QueueDelivery[];
}

export const QueueListRequest = z.object({
  state: z.enum(QUEUE_MESSAGE_STATES).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const QueueShowRequest = z.object({ queueId: QueueId });
export const QueueRetryRequest = z.object({ queueId: QueueId });
export const QueueRemoveRequest = z.object({ queueId: QueueId });

export const QueueList = request<
  z.input<typeof QueueListRequest>,
  { messages: QueueMessageSummary[]; total: number }
>('hub-transport', 'queue', 'list');
export const QueueShow = request<z.input<typeof QueueShowRequest>, QueueMessageDetail>(
  'hub-transport',
  'queue',
  'show',
);
/** Makes every delivery of the message that waits to retry due now. */
export const QueueRetry = request<
  z.input<typeof QueueRetryRequest>,
  { queueId: string; retried: number }
>('hub-transport', 'queue', 'retry');
/** Removes the message from the queue without a notification to its sender. */
export const QueueRemove = request<z.input<typeof QueueRemoveRequest>, { removed: string }>(
  'hub-transport',
  'queue',
  'remove',
);
