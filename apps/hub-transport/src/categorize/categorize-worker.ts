/**
 * The categorizer's worker: takes the messages this instance accepted from memory (written
 * already leased to it) and claims the others (any instance's, or its own whose lease lapsed),
 * resolves them through the directory (categorizer.ts), and records their deliveries and trace
 * fields in one transaction, with a notification for recipients refused here (an unknown
 * recipient of a submission, a loop). When the directory cannot be asked the message waits and is tried
 * again with back-off; a message that waited past its expiry is returned to its sender.
 *
 * A message accepted here whose recipients are all local mailboxes is delivered straight from
 * memory before anything of its categorization is written, and then removed: one statement
 * where recording the deliveries, claiming them (reading the MIME back) and writing their
 * outcomes were three. This is safe because the message stays in the queue, uncategorized
 * and leased here, until every recipient has it: if this instance dies meanwhile, the lease
 * lapses, any instance categorizes and delivers it again, and the mailbox answers a repeat
 * (same queue id and recipient) as a duplicate. A recipient not delivered, or an
 * out-of-office answer to queue, sends the message the written way for what is left.
 */
import type { Logger } from '@mail/runtime';
import { replyFor, replyText, type TransportErrorName } from '../errors';
import { TRANSPORT_LIMITS } from '../limits';
import type { Notifications } from '../dsn/notifications';
import type { QueueRepository } from '../queue/persistence/queue.repository';
import { BatchWriter } from '../queue/batch-writer';
import type { AttemptResult, DeliveryWorker } from '../queue/delivery-worker';
import type {
  MessageToCategorize,
  NewDelivery,
  NewMessage,
  OutgoingMessage,
} from '../queue/queued-message';
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
  /** The local delivery worker, to deliver accepted messages from memory; none: all queued. */
  direct?: Pick<DeliveryWorker, 'deliverNow'>;
  /** A route has queued work now (the rest of a message delivered from memory). */
  wake?: (route: Route) => void;
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
  /** The MIME of handed messages, for delivery from memory, within directMimeBytes. */
  private readonly contents = new Map<string, Buffer>();
  private contentBytes = 0;
  /** Messages being delivered from memory, until their outcome is written. */
  private readonly delivering = new Map<string, Promise<void>>();
  private readonly removals: BatchWriter<string>;
  /** When this worker last claimed from the database (ms since the epoch). */
  private claimedAt = 0;

  constructor(private readonly deps: CategorizeWorkerDeps) {
    this.removals = new BatchWriter(
      (ids) => deps.queue.removeDelivered(deps.owner, ids),
      TRANSPORT_LIMITS.deliveryBatch,
      2,
    );
  }

  /**
   * The lease, if any, that `count` messages about to be written should carry: this worker's
   * when it has room to take them from memory (hand), else none and a pass claims them.
   */
  leaseFor(count: number): { owner: string; leaseMs: number } | undefined {
    if (this.handed.length + this.delivering.size + count > HANDED_MAX) return undefined;
    return { owner: this.deps.owner, leaseMs: TRANSPORT_LIMITS.leaseMs };
  }

  /** Messages written with leaseFor's lease; held (their leases renewed) until a pass ends. */
  hand(messages: NewMessage[]): void {
    this.deps.inHand.takeMessages(messages.map((m) => m.id));
    for (const { mime, ...message } of messages) {
      this.handed.push({ ...message, attempts: 0 });
      if (!this.deps.direct || this.contentBytes + mime.length > TRANSPORT_LIMITS.directMimeBytes)
        continue;
      this.contents.set(message.id, mime);
      this.contentBytes += mime.length;
    }
  }

  /** Resolves once what is being delivered from memory has its outcome written (or failed). */
  async drain(): Promise<void> {
    await Promise.all(this.delivering.values());
    await this.removals.drain();
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
      // Done, or failed: either way no longer held, so a failed pass's leases lapse. What is
      // being delivered from memory stays held until its outcome is written.
      const left = ids.filter((id) => !this.delivering.has(id));
      this.deps.inHand.dropMessages(left);
      left.forEach((id) => this.forgetContent(id));
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
      if (!outcome.notification && this.deliverNow(message, outcome.done)) continue;
      done.push(outcome.done);
      if (outcome.notification)
        notifications.push({ about: message.id, message: outcome.notification });
    }
    const written = new Set(await queue.completeCategorization(owner, done, notifications));
    return new Set(
      done.filter((d) => written.has(d.id)).flatMap((d) => d.deliveries.map((r) => r.route)),
    );
  }

  /** Starts delivering a message from memory when it can be (the top of this file). */
  private deliverNow(
    message: MessageToCategorize,
    done: { id: string; trace: string; deliveries: NewDelivery[] },
  ): boolean {
    const mime = this.contents.get(message.id);
    const local = done.deliveries.length > 0 && done.deliveries.every((d) => d.route === 'mailbox');
    if (!mime || !local) return false;
    const { id, receivedAt, sender } = message;
    const outgoing: OutgoingMessage = { id, receivedAt, sender, trace: done.trace, mime };
    const attempt = this.deps.direct?.deliverNow(outgoing, done.deliveries);
    if (!attempt) return false;
    this.delivering.set(
      id,
      this.recordDirect(done, attempt).finally(() => {
        this.delivering.delete(id);
        this.deps.inHand.dropMessages([id]);
        this.forgetContent(id);
      }),
    );
    return true;
  }

  /**
   * A message delivered from memory: removed when every recipient has it and nothing is to be
   * answered; otherwise categorized as written, with the deliveries left and the answers. A
   * write that fails lets the lease lapse and the message go round again (the top of the file).
   */
  private async recordDirect(
    done: { id: string; trace: string; deliveries: NewDelivery[] },
    attempt: Promise<AttemptResult[]>,
  ): Promise<void> {
    try {
      const results = await attempt;
      const delivered = new Set(
        results.filter((r) => r.outcome === 'delivered').map((r) => r.recipient),
      );
      const left = done.deliveries.filter((d) => !delivered.has(d.recipient));
      const answers = results
        .filter((r) => r.answer)
        .map((r) => ({ about: done.id, message: r.answer! }));
      if (left.length === 0 && answers.length === 0) {
        await this.removals.add(done.id);
        return;
      }
      const { queue, owner } = this.deps;
      await queue.completeCategorization(owner, [{ ...done, deliveries: left }], answers);
      if (left.length) this.deps.wake?.('mailbox');
    } catch (error) {
      this.deps.logger.warn(
        { err: error, queueId: done.id },
        'outcome of a delivery from memory not recorded; the message goes round again',
      );
    }
  }

  private forgetContent(id: string): void {
    const mime = this.contents.get(id);
    if (!mime) return;
    this.contents.delete(id);
    this.contentBytes -= mime.length;
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
