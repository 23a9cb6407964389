/**
 * Delivers one route's due deliveries (the mailbox role, or send connectors): claims what it
 * has room for, hands each group to the route's executor without waiting for the others (a
 * slow remote host holds only its own slot), moves each delivery through the retry machine,
 * and writes outcomes in batches with the notifications they cause.
 */
import type { Logger } from '@mail/runtime';
import type { Notifications } from '../dsn/notifications';
import type { DsnRecipient } from '../dsn/dsn-builder';
import { TRANSPORT_LIMITS } from '../limits';
import type { TransportMetrics } from '../metrics/transport-metrics';
import type { TransportSettings } from '../settings';
import { BatchWriter } from './batch-writer';
import type { DeliveryRepository } from './persistence/delivery.repository';
import type { WorkInHand } from './work-in-hand';
import type {
  ClaimedDelivery,
  DeliveryUpdate,
  NewDelivery,
  NewMessage,
  OutgoingMessage,
} from './queued-message';
import { statusOf, transition, type NotifyEffect } from './retry.machine';

/** One delivery's outcome from an executor. */
export interface AttemptResult {
  recipient: string;
  outcome: 'delivered' | 'deferred' | 'failed';
  /** The reply or error, SMTP-style: `250 2.0.0 ...`, `451 4.4.1 ...`. */
  response: string;
  remoteMta?: string;
  /** The send connector used (`mailbox` for local delivery), for the queue and metrics. */
  connector: string;
  /** A message the delivery causes (an out-of-office answer), queued with its outcome. */
  answer?: NewMessage;
}

export interface DeliveryExecutor {
  readonly route: 'mailbox' | 'smtp';
  /** Claimed deliveries grouped into attempts (one SMTP transaction, one mailbox delivery). */
  group(deliveries: ClaimedDelivery[]): ClaimedDelivery[][];
  /** One result per delivery of the group; never throws. */
  attempt(message: OutgoingMessage, group: ClaimedDelivery[]): Promise<AttemptResult[]>;
  /** Until when (ms since the epoch) the route's next hop is known to be away. */
  awayUntil?(): number;
}

interface ResultSet {
  updates: DeliveryUpdate[];
  notifications: Array<{ about: string; message: NewMessage }>;
}

export interface DeliveryWorkerDeps {
  deliveries: DeliveryRepository;
  notifications: Notifications;
  settings: TransportSettings;
  metrics: TransportMetrics;
  owner: string;
  inHand: WorkInHand;
  logger: Logger;
  maxInFlight: number;
}

export class DeliveryWorker {
  private inFlight = 0;
  private halted = false;
  private slotFreed?: () => void;
  private readonly results: BatchWriter<ResultSet>;

  constructor(
    private readonly executor: DeliveryExecutor,
    private readonly deps: DeliveryWorkerDeps,
  ) {
    this.results = new BatchWriter(
      (sets) =>
        deps.deliveries.applyResults(
          deps.owner,
          sets.flatMap((s) => s.updates),
          sets.flatMap((s) => s.notifications),
        ),
      TRANSPORT_LIMITS.deliveryBatch,
      2,
    );
  }

  /** One pass; whether more may be waiting (it filled the room it had). */
  async pass(): Promise<boolean> {
    while (this.inFlight >= this.deps.maxInFlight && !this.halted)
      await new Promise<void>((resolve) => (this.slotFreed = resolve));
    if (this.halted) return false;
    // Every attempt now would fail as the last did: the work stays queued until the hop is back.
    if ((this.executor.awayUntil?.() ?? 0) > Date.now()) return false;
    const room = Math.min(TRANSPORT_LIMITS.deliveryBatch, this.deps.maxInFlight - this.inFlight);
    const { deliveries: claimed, messages: outgoing } = await this.deps.deliveries.claim(
      this.deps.owner,
      this.executor.route,
      room,
      TRANSPORT_LIMITS.leaseMs,
    );
    if (claimed.length === 0) return false;
    const { inHand } = this.deps;
    inHand.takeDeliveries(claimed);
    const messages = new Map(outgoing.map((m) => [m.id, m]));
    for (const group of this.executor.group(claimed)) {
      const message = messages.get(group[0].messageId);
      // Removed by an administrator since: its deliveries went with it.
      if (!message) {
        inHand.dropDeliveries(group);
        continue;
      }
      this.inFlight++;
      void this.deliver(message, group).finally(() => {
        // Recorded, or not (its lease then lapses and the delivery is tried again).
        inHand.dropDeliveries(group);
        this.freeSlot();
      });
    }
    return claimed.length === room;
  }

  /**
   * Attempts deliveries the categorizer resolved a moment ago, with the message from memory,
   * before any delivery row is written (categorize-worker.ts says why that is safe): no claim,
   * no read of the MIME back. Only what was delivered is counted here: the caller queues the
   * rest, to be attempted again. Undefined when the worker takes no more work now (stopping,
   * its next hop away). It takes a slot even past the route's limit, so claims wait for it:
   * the categorizer bounds how many it hands over, and refusing when busy sent messages the
   * written way, which costs more, just when the machine had least to spare (under 200
   * messages/s most went that way and the back end fell further behind).
   */
  deliverNow(
    message: OutgoingMessage,
    deliveries: NewDelivery[],
  ): Promise<AttemptResult[]> | undefined {
    const away = (this.executor.awayUntil?.() ?? 0) > Date.now();
    if (this.halted || away) return undefined;
    const fresh: ClaimedDelivery[] = deliveries.map((delivery) => ({
      ...delivery,
      state: 'ready',
      attempts: 0,
      nextAttemptAt: null,
      delayNotified: false,
      lastResponse: null,
    }));
    this.inFlight++;
    const attempts = this.executor
      .group(fresh)
      .map((group) => this.executor.attempt(message, group));
    return Promise.all(attempts)
      .then((results) => {
        const flat = results.flat();
        for (const result of flat)
          if (result.outcome === 'delivered')
            this.deps.metrics.delivery(result.connector, 'delivered');
        return flat;
      })
      .finally(() => this.freeSlot());
  }

  private freeSlot(): void {
    this.inFlight--;
    this.slotFreed?.();
    this.slotFreed = undefined;
  }

  /** Takes no more work; a pass waiting for room ends. */
  halt(): void {
    this.halted = true;
    this.slotFreed?.();
  }

  /** Waits for attempts in flight and their outcomes to be written (graceful stop). */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await this.results.drain();
  }

  private async deliver(message: OutgoingMessage, group: ClaimedDelivery[]): Promise<void> {
    try {
      const results = await this.executor.attempt(message, group);
      await this.results.add(await this.outcomes(message, group, results));
    } catch (error) {
      this.deps.logger.error({ err: error, queueId: message.id }, 'delivery outcome not recorded');
    }
  }

  private async outcomes(
    message: OutgoingMessage,
    group: ClaimedDelivery[],
    results: AttemptResult[],
  ): Promise<ResultSet> {
    const at = Date.now();
    const context = {
      route: this.executor.route,
      receivedAt: message.receivedAt.getTime(),
      settings: this.deps.settings,
    };
    const byRecipient = new Map(results.map((r) => [r.recipient, r]));
    const updates: DeliveryUpdate[] = [];
    const notify: Array<{
      effect: NotifyEffect;
      delivery: ClaimedDelivery;
      result: AttemptResult;
    }> = [];
    for (const claimed of group) {
      const result = byRecipient.get(claimed.recipient)!;
      const event =
        result.outcome === 'failed'
          ? {
              type: 'failed' as const,
              at,
              response: result.response,
              status: statusOf(result.response) ?? '5.0.0',
            }
          : { type: result.outcome, at, response: result.response };
      const { delivery, effects } = transition(
        {
          state: 'ready',
          attempts: claimed.attempts,
          nextAttemptAt: claimed.nextAttemptAt?.getTime() ?? null,
          delayNotified: claimed.delayNotified,
          lastResponse: claimed.lastResponse,
        },
        event,
        context,
      );
      updates.push({
        messageId: claimed.messageId,
        recipient: claimed.recipient,
        state: delivery.state,
        attempts: delivery.attempts,
        nextAttemptAt: delivery.nextAttemptAt === null ? null : new Date(delivery.nextAttemptAt),
        delayNotified: delivery.delayNotified,
        lastResponse: delivery.lastResponse,
        remoteMta: result.remoteMta ?? null,
        connector: result.connector,
      });
      this.deps.metrics.delivery(
        result.connector,
        delivery.state === 'delivered'
          ? 'delivered'
          : delivery.state === 'failed'
            ? 'failed'
            : 'deferred',
      );
      for (const effect of effects) notify.push({ effect, delivery: claimed, result });
    }
    const answers = results
      .filter((r) => r.answer)
      .map((r) => ({ about: message.id, message: r.answer! }));
    return { updates, notifications: [...(await this.notifications(message, notify)), ...answers] };
  }

  private async notifications(
    message: OutgoingMessage,
    notify: Array<{ effect: NotifyEffect; delivery: ClaimedDelivery; result: AttemptResult }>,
  ): Promise<ResultSet['notifications']> {
    const made: ResultSet['notifications'] = [];
    for (const action of ['failed', 'delayed'] as const) {
      const these = notify.filter((n) => n.effect.action === action);
      if (these.length === 0) continue;
      const recipients: DsnRecipient[] = these.map(({ effect, delivery, result }) => ({
        finalRecipient: delivery.recipient,
        originalRecipient: delivery.original,
        status: effect.status,
        diagnostic: effect.diagnostic,
        remoteMta: result.remoteMta,
        lastAttemptAt: new Date(),
      }));
      const until = these[0].effect.willRetryUntil;
      const dsn = await this.deps.notifications.about(
        message,
        action,
        recipients,
        until === undefined ? undefined : new Date(until),
      );
      if (dsn) made.push({ about: message.id, message: dsn });
    }
    return made;
  }
}
