/**
 * Local delivery: hands the message to the mailbox role (`mailbox.message.deliver`), which
 * stores it once per queue id and recipient, so a delivery repeated after a crash is answered
 * as a duplicate instead of stored twice. While the mailbox role is away (no instance, a
 * timeout, a fault) the delivery waits and is tried again; a refusal is final. When no
 * instance of the role is there at all, the route rests for the first back-off step before
 * it tries anything else: sending each queued message only to hear "no responders" cost as
 * much as delivering it.
 */
import { MessageDeliver } from '@mail/contracts';
import { BusError, type BusClient } from '@mail/runtime';
import { replyFor, replyText } from '../errors';
import { TRANSPORT_LIMITS } from '../limits';
import type { AttemptResult, DeliveryExecutor } from '../queue/delivery-worker';
import type { ClaimedDelivery, OutgoingMessage } from '../queue/queued-message';
import type { AutoReplies } from './auto-reply';

const CONNECTOR = 'mailbox';

export class MailboxDelivery implements DeliveryExecutor {
  readonly route = 'mailbox' as const;
  private away = 0;

  constructor(
    private readonly bus: BusClient,
    /** Out-of-office answers to what was delivered; none when absent. */
    private readonly autoReplies?: AutoReplies,
  ) {}

  awayUntil(): number {
    return this.away;
  }

  group(deliveries: ClaimedDelivery[]): ClaimedDelivery[][] {
    return deliveries.map((delivery) => [delivery]);
  }

  async attempt(message: OutgoingMessage, [delivery]: ClaimedDelivery[]): Promise<AttemptResult[]> {
    const mime = Buffer.concat([Buffer.from(message.trace, 'latin1'), message.mime]);
    try {
      const reply = await this.bus.request(MessageDeliver, {
        queueId: message.id,
        recipient: delivery.mailbox!,
        mime: mime.toString('base64'),
        receivedAt: message.receivedAt.toISOString(),
      });
      const note = reply.duplicate ? ' (delivered before)' : '';
      // Only a recipient who is away may answer; the mailbox says so (never for a duplicate).
      const answer = reply.outOfOffice
        ? await this.autoReplies?.after(message, delivery.mailbox!)
        : null;
      return [
        {
          recipient: delivery.recipient,
          outcome: 'delivered',
          response: `250 2.0.0 Delivered to ${delivery.mailbox} as item ${reply.itemId}${note}`,
          connector: CONNECTOR,
          ...(answer ? { answer } : {}),
        },
      ];
    } catch (error) {
      const busError = error instanceof BusError ? error : BusError.fromTransport('', error);
      if (busError.code === 'unavailable')
        this.away = Date.now() + TRANSPORT_LIMITS.mailboxRetryMs[0];
      // A fault in the mailbox role is not the sender's problem: wait for it to be fixed.
      const refused = !busError.temporary && busError.code !== 'internal';
      const name = refused ? 'mailbox-refused' : 'mailbox-unavailable';
      return [
        {
          recipient: delivery.recipient,
          outcome: refused ? 'failed' : 'deferred',
          response: `${replyFor(name).code} ${replyText(name, busError.message)}`,
          connector: CONNECTOR,
        },
      ];
    }
  }
}
