/**
 * A recipient's delivery as a state machine (STYLE.md: state as a tagged union, transitions
 * pure): each attempt's outcome moves it on and says what to do about it. The worker applies
 * the effects (write the state, queue a notification to the sender); nothing here does I/O.
 *
 *   ready --delivered--> delivered
 *   ready --failed--> failed + notify(failed)
 *   ready --deferred--> retry (next attempt per the schedule) [+ notify(delayed) once, if set]
 *   ready --deferred past expiry--> failed (4.4.7) + notify(failed)
 *   retry --due--> ready (the worker takes due deliveries); retry --retry-now--> ready
 */
import type { DeliveryState } from '@mail/contracts';
import { TRANSPORT_LIMITS } from '../limits';
import { TRANSPORT_ERRORS } from '../errors';
import type { TransportSettings } from '../settings';

export interface Delivery {
  state: DeliveryState;
  attempts: number;
  /** ms since the epoch; null once delivered or failed. */
  nextAttemptAt: number | null;
  delayNotified: boolean;
  /** The last reply or error, with its enhanced status code when known. */
  lastResponse: string | null;
}

export type DeliveryEvent =
  | { type: 'delivered'; at: number; response: string }
  /** A temporary failure (4xx, no answer, the mailbox role away). */
  | { type: 'deferred'; at: number; response: string }
  /** A permanent failure (5xx, no route). `status` is its enhanced status code. */
  | { type: 'failed'; at: number; response: string; status: string }
  /** An administrator asked for an attempt now (mailctl queue retry). */
  | { type: 'retry-now'; at: number };

export interface DeliveryContext {
  route: 'mailbox' | 'smtp';
  /** When the message was accepted, ms since the epoch: expiry counts from here. */
  receivedAt: number;
  settings: TransportSettings;
}

/** Tell the message's sender (a delivery status notification, RFC 3464). */
export interface NotifyEffect {
  type: 'notify';
  action: 'failed' | 'delayed';
  status: string;
  diagnostic: string;
  /** For a delay: when the message will be given up. */
  willRetryUntil?: number;
}

export function transition(
  delivery: Delivery,
  event: DeliveryEvent,
  context: DeliveryContext,
): { delivery: Delivery; effects: NotifyEffect[] } {
  const done = delivery.state === 'delivered' || delivery.state === 'failed';
  if (done) return { delivery, effects: [] };
  switch (event.type) {
    case 'delivered':
      return {
        delivery: {
          ...delivery,
          state: 'delivered',
          attempts: delivery.attempts + 1,
          nextAttemptAt: null,
          lastResponse: event.response,
        },
        effects: [],
      };
    case 'failed':
      return fail(delivery, event.response, event.status);
    case 'retry-now':
      return delivery.state === 'retry'
        ? { delivery: { ...delivery, state: 'ready', nextAttemptAt: event.at }, effects: [] }
        : { delivery, effects: [] };
    case 'deferred':
      return defer(delivery, event, context);
  }
}

function fail(delivery: Delivery, response: string, status: string) {
  return {
    delivery: {
      ...delivery,
      state: 'failed' as const,
      attempts: delivery.attempts + 1,
      nextAttemptAt: null,
      lastResponse: response,
    },
    effects: [{ type: 'notify' as const, action: 'failed' as const, status, diagnostic: response }],
  };
}

function defer(
  delivery: Delivery,
  event: { at: number; response: string },
  context: DeliveryContext,
) {
  const { settings, receivedAt } = context;
  const expiresAt = receivedAt + settings.expirationMs;
  if (event.at >= expiresAt) return fail(delivery, event.response, TRANSPORT_ERRORS.expired.status);
  const attempts = delivery.attempts + 1;
  const schedule =
    context.route === 'mailbox' ? TRANSPORT_LIMITS.mailboxRetryMs : settings.retryScheduleMs;
  const wait = schedule[Math.min(attempts - 1, schedule.length - 1)];
  const effects: NotifyEffect[] = [];
  const delayed =
    settings.delayNotificationMs !== null &&
    !delivery.delayNotified &&
    event.at - receivedAt >= settings.delayNotificationMs;
  if (delayed)
    effects.push({
      type: 'notify',
      action: 'delayed',
      status: statusOf(event.response) ?? '4.0.0',
      diagnostic: event.response,
      willRetryUntil: expiresAt,
    });
  return {
    delivery: {
      ...delivery,
      state: 'retry' as const,
      attempts,
      // The last attempt is made at expiry, so a message is never held past it.
      nextAttemptAt: Math.min(event.at + wait, expiresAt),
      delayNotified: delivery.delayNotified || delayed,
      lastResponse: event.response,
    },
    effects,
  };
}

/** The enhanced status code a reply carries (`451 4.3.0 ...` → `4.3.0`), if any. */
export function statusOf(response: string): string | null {
  const match = /(?:^|\s)([245]\.\d{1,3}\.\d{1,3})(?:\s|$)/.exec(response);
  return match ? match[1] : null;
}
