import { MessageDeliver, type DeliverReply } from '@mail/contracts';
import { BusError, BusTimeoutError, type BusClient } from '@mail/runtime';
import { TRANSPORT_LIMITS } from '../limits';
import type { ClaimedDelivery, OutgoingMessage } from '../queue/queued-message';
import type { AutoReplies } from './auto-reply';
import { MailboxDelivery } from './mailbox-delivery';

const message: OutgoingMessage = {
  id: '6f1c2b9e-0000-4000-8000-000000000001',
  receivedAt: new Date('2026-12-01T10:00:00Z'),
  sender: 'lee@fabrikam.example',
  trace: 'Received: from client\r\n',
  mime: Buffer.from('Subject: hi\r\n\r\nhello\r\n'),
};
const delivery = {
  messageId: message.id,
  recipient: 'pat@contoso.com',
  original: 'pat@contoso.com',
  route: 'mailbox',
  mailbox: 'pat@contoso.com',
  state: 'ready',
  attempts: 0,
  nextAttemptAt: null,
  delayNotified: false,
  lastResponse: null,
} as ClaimedDelivery;

/** The executor against a mailbox role that answers `reply`, counting out-of-office questions. */
function executor(reply: Omit<DeliverReply, 'itemId' | 'folderId'>) {
  const subjects: string[] = [];
  const bus = {
    request: async (subject: { subject: string }) => {
      subjects.push(subject.subject);
      return { itemId: 'item-1', folderId: 'inbox-1', ...reply };
    },
  } as unknown as BusClient;
  const asked: string[] = [];
  const autoReplies = {
    after: async (_message: OutgoingMessage, mailbox: string) => {
      asked.push(mailbox);
      return null;
    },
  } as unknown as AutoReplies;
  return { subjects, asked, delivery: new MailboxDelivery(bus, autoReplies) };
}

describe('local delivery and out-of-office answers', () => {
  it('asks for an answer only when the mailbox says its owner is away', async () => {
    const present = executor({ duplicate: false, outOfOffice: false });
    const [result] = await present.delivery.attempt(message, [delivery]);
    expect(result).toMatchObject({ outcome: 'delivered', connector: 'mailbox' });
    expect(present.subjects).toEqual([MessageDeliver.subject]);
    expect(present.asked).toEqual([]);

    const away = executor({ duplicate: false, outOfOffice: true });
    await away.delivery.attempt(message, [delivery]);
    expect(away.asked).toEqual(['pat@contoso.com']);
  });

  it('asks nothing for a repeated delivery', async () => {
    const repeat = executor({ duplicate: true, outOfOffice: false });
    const [result] = await repeat.delivery.attempt(message, [delivery]);
    expect(result.response).toMatch(/delivered before/);
    expect(repeat.asked).toEqual([]);
  });

  it('rests the route for the first back-off step when no mailbox instance answers, not when one is slow', async () => {
    const failing = (error: BusError) =>
      new MailboxDelivery({
        request: async () => {
          throw error;
        },
      } as unknown as BusClient);
    const none = failing(new BusError('unavailable', 'no instance is serving the subject'));
    const before = Date.now();
    const [result] = await none.attempt(message, [delivery]);
    expect(result).toMatchObject({ outcome: 'deferred', response: expect.stringMatching(/^4/) });
    expect(none.awayUntil()).toBeGreaterThanOrEqual(before + TRANSPORT_LIMITS.mailboxRetryMs[0]);

    const slow = failing(new BusTimeoutError(MessageDeliver.subject, 30_000));
    expect((await slow.attempt(message, [delivery]))[0].outcome).toBe('deferred');
    expect(slow.awayUntil()).toBe(0);
  });
});
