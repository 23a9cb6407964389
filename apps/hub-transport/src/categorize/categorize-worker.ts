/**
 * The categorizer's worker: takes the messages this instance accepted from memory (written
 * already leased to it) and claims the others (any instance's, or its own whose lease lapsed),
 * resolves them through the directory (categorizer.ts), and records their deliveries and trace
 * fields in one transaction, with a notification for recipients refused here (an unknown
 * recipient of a submission, a loop). When the directory cannot be asked the message waits and is tried
 * again with back-off; a message that waited past its expiry is returned to its sender.
 */
import type { Logger } from '@mail/runtime';
import { replyFor, replyText, type TransportErrorName } from '../errors';
import { TRANSPORT_LIMITS } from '../limits';
import type { Notifications } from '../dsn/notifications';
import type { QueueRepository } from '../queue/persistence/queue.repository';
import type { MessageToCategorize, NewDelivery, NewMessage } from '../queue/queued-message';
import type { WorkInHand } from '../queue/work-in-hand';
import type { TransportSettings } from '../settings';
import { categorize, type CategorizerLookups, type Refusal } from './categorizer';
import { traceFields } from './trace-fields';

export interface CategorizeWorkerDeps {
  queue: QueueRepository;
  lookups: CategorizerLookups;
  notifications: Notifications;
  settings: TransportSettings;
  owner: string;
  inHand: WorkInHand;
  fqdn: () => string;
  logger: Logger;
}

type Outcome =
  | {
      done: { id: string; trace: string; deliveries: NewDelivery[] };
      notification: NewMessage | null;
    }
  | { deferred: string };

/** Bytes of a message read back for the header section a notification returns. */
const HEAD_BYTES = 64 * 1024;

type Route = NewDelivery['route'];

export interface CategorizePass {
  more: boolean;
  routes: ReadonlySet<Route>;
}

/** Accepted messages handed over in memory at most, waiting for a pass. */
const HANDED_MAX = 4 * TRANSPORT_LIMITS.categorizeBatch;

export class CategorizeWorker {
  /** Messages this instance accepted, written leased to it: no claim needed to take them. */
  private readonly handed: MessageToCategorize[] = [];
  /** When this worker last claimed from the database (ms since the epoch). */
  private claimedAt = 0;

  constructor(private readonly deps: CategorizeWorkerDeps) {}

  /**
   * The lease, if any, that `count` messages about to be written should carry: this worker's
   * when it has room to take them from memory (hand), else none and a pass claims them.
   */
  leaseFor(count: number): { owner: string; leaseMs: number } | undefined {
    if (this.handed.length + count > HANDED_MAX) return undefined;
    return { owner: this.deps.owner, leaseMs: TRANSPORT_LIMITS.leaseMs };
  }

  /** Messages written with leaseFor's lease; held (their leases renewed) until a pass ends. */
  hand(messages: NewMessage[]): void {
    this.deps.inHand.takeMessages(messages.map((m) => m.id));
    for (const { mime: _mime, ...message } of messages)
      this.handed.push({ ...message, attempts: 0 });
  }

  /**
   * One pass: whether more may be waiting (it took a full batch, or more were handed), and the
   * routes it queued deliveries for, whose workers have work now.
   */
  async pass(): Promise<CategorizePass> {
    const { queue, owner } = this.deps;
    const limit = TRANSPORT_LIMITS.categorizeBatch;
    // Others' work (and notifications, written unleased) is claimed at least once per poll
    // interval even while accepted mail keeps coming, so it never starves behind it.
    const room = limit - Math.min(this.handed.length, limit);
    const claimDue =
      this.handed.length === 0 || Date.now() - this.claimedAt >= TRANSPORT_LIMITS.pollMs;
    let claimed: MessageToCategorize[] = [];
    if (claimDue && room > 0) {
      this.claimedAt = Date.now();
      claimed = await queue.claimToCategorize(owner, room, TRANSPORT_LIMITS.leaseMs);
    }
    // Taken out only after the claim: a claim that fails leaves them here for the next pass.
    const taken = [...this.handed.splice(0, limit), ...claimed];
    if (taken.length === 0) return { more: false, routes: new Set() };
    const ids = taken.map((message) => message.id);
    this.deps.inHand.takeMessages(ids);
    const more = taken.length === limit || this.handed.length > 0;
    try {
      return { more, routes: await this.complete(taken) };
    } finally {
      // Done, or failed: either way no longer held, so a failed pass's leases lapse.
      this.deps.inHand.dropMessages(ids);
    }
  }

  private async complete(claimed: MessageToCategorize[]): Promise<Set<Route>> {
    const { queue, owner } = this.deps;
    const outcomes = await Promise.all(claimed.map((message) => this.categorizeOne(message)));
    const done = [];
    const notifications = [];
    for (const [i, outcome] of outcomes.entries()) {
      const message = claimed[i];
      if ('deferred' in outcome) {
        const steps = TRANSPORT_LIMITS.mailboxRetryMs;
        const wait = steps[Math.min(message.attempts, steps.length - 1)];
        await queue.deferCategorization(owner, message.id, outcome.deferred, wait);
        continue;
      }
      done.push(outcome.done);
      if (outcome.notification)
        notifications.push({ about: message.id, message: outcome.notification });
    }
    const written = new Set(await queue.completeCategorization(owner, done, notifications));
    return new Set(
      done.filter((d) => written.has(d.id)).flatMap((d) => d.deliveries.map((r) => r.route)),
    );
  }

  private async categorizeOne(message: MessageToCategorize): Promise<Outcome> {
    const { settings, logger } = this.deps;
    let deliveries: NewDelivery[] = [];
    let refusals: Refusal[];
    try {
      const result = await categorize(message, this.deps.lookups);
      if (result.truncatedGroups.length)
        logger.warn(
          { queueId: message.id, groups: result.truncatedGroups },
          'group expansion stopped at its member limit',
        );
      deliveries = result.deliveries.map((route) => ({
        messageId: message.id,
        recipient: route.recipient,
        original: route.original,
        route: route.route,
        mailbox: route.route === 'mailbox' ? route.mailbox : null,
      }));
      refusals = result.refusals;
    } catch (error) {
      const expired = Date.now() - message.receivedAt.getTime() >= settings.expirationMs;
      if (!expired) {
        logger.warn({ err: error, queueId: message.id }, 'categorization deferred');
        return { deferred: replyText('directory-unavailable', String(error)) };
      }
      refusals = message.recipients.map((r) => ({ recipient: r, original: r, error: 'expired' }));
    }
    const trace = traceFields({ ...message, queueId: message.id, fqdn: this.deps.fqdn() });
    return {
      done: { id: message.id, trace, deliveries },
      notification: refusals.length ? await this.notify(message, refusals) : null,
    };
  }

  private async notify(message: MessageToCategorize, refusals: Refusal[]) {
    const reply = (error: TransportErrorName) => `${replyFor(error).code} ${replyText(error)}`;
    return this.deps.notifications.about(
      { ...message, mime: await this.deps.queue.head(message.id, HEAD_BYTES) },
      'failed',
      refusals.map((r) => ({
        finalRecipient: r.recipient,
        originalRecipient: r.original,
        status: replyFor(r.error).status,
        diagnostic: reply(r.error),
        lastAttemptAt: new Date(),
      })),
    );
  }
}
