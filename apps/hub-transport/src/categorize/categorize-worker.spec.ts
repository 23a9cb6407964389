import { TRANSPORT_LIMITS } from '../limits';
import type { AttemptResult } from '../queue/delivery-worker';
import type {
  MessageToCategorize,
  NewDelivery,
  NewMessage,
  OutgoingMessage,
} from '../queue/queued-message';
import { WorkInHand } from '../queue/work-in-hand';
import { CategorizeWorker, type CategorizeWorkerDeps } from './categorize-worker';

const accepted = (id: string): NewMessage => ({
  id,
  receivedAt: new Date(),
  sender: 'lee@fabrikam.com',
  recipients: ['pat@contoso.com'],
  source: 'smtp',
  connector: 'Default',
  clientAddress: '192.0.2.1',
  clientName: 'mx.fabrikam.com',
  protocol: 'ESMTP',
  authUser: null,
  hops: 0,
  hasMessageId: true,
  hasDate: true,
  mime: Buffer.from('Subject: hi\r\n\r\nhello\r\n'),
});

describe('the categorize worker', () => {
  const claims: string[] = [];
  const completed: string[][] = [];
  const inHand = new WorkInHand();
  const deps = {
    owner: 'hub-1',
    inHand,
    queue: {
      claimToCategorize: async (owner: string) => {
        claims.push(owner);
        return [];
      },
      completeCategorization: async (_owner: string, done: Array<{ id: string }>) => {
        completed.push(done.map((d) => d.id));
        // What it holds while the pass writes: the messages it took.
        expect(inHand.held().messages.sort()).toEqual(done.map((d) => d.id).sort());
        return done.map((d) => d.id);
      },
    },
    lookups: {
      resolve: async (addresses: string[]) =>
        addresses.map((address) => ({ address, kind: 'mailbox', primarySmtpAddress: address })),
      acceptedDomains: async () => [],
    },
    settings: { expirationMs: 86_400_000 },
    fqdn: () => 'hub.contoso.com',
    logger: { warn: () => undefined },
  } as unknown as CategorizeWorkerDeps;

  it('takes the messages handed to it without a claim, holding them until the pass ends', async () => {
    const worker = new CategorizeWorker(deps);
    const lease = worker.leaseFor(2);
    expect(lease).toEqual({ owner: 'hub-1', leaseMs: expect.any(Number) });
    worker.hand([accepted('m1'), accepted('m2')]);
    expect(inHand.held().messages.sort()).toEqual(['m1', 'm2']);

    // The first pass also claims, for others' work: at most once per poll interval.
    const pass = await worker.pass();
    expect(completed).toEqual([['m1', 'm2']]);
    expect(claims).toEqual(['hub-1']);
    expect(pass.more).toBe(false);
    expect(inHand.held().messages).toEqual([]);
    worker.hand([accepted('m3')]);
    await worker.pass();
    expect(completed).toEqual([['m1', 'm2'], ['m3']]);
    expect(claims).toEqual(['hub-1']);
    // Nothing handed: a pass claims (others' messages, or its own whose lease lapsed).
    await worker.pass();
    expect(claims).toEqual(['hub-1', 'hub-1']);
  });

  it("claims others' work once per poll interval while accepted mail keeps coming", async () => {
    const worker = new CategorizeWorker(deps);
    const now = jest.spyOn(Date, 'now');
    try {
      claims.length = 0;
      now.mockReturnValue(10_000);
      worker.hand([accepted('a1')]);
      await worker.pass();
      worker.hand([accepted('a2')]);
      await worker.pass();
      expect(claims).toHaveLength(1);
      now.mockReturnValue(11_000);
      worker.hand([accepted('a3')]);
      await worker.pass();
      expect(claims).toHaveLength(2);
    } finally {
      now.mockRestore();
    }
  });

  it('keeps what was handed when a claim fails, for the next pass', async () => {
    let away = true;
    const worker = new CategorizeWorker({
      ...deps,
      queue: {
        ...deps.queue,
        claimToCategorize: async () => {
          if (away) throw new Error('database away');
          return [];
        },
      },
    } as unknown as CategorizeWorkerDeps);
    worker.hand([accepted('k1')]);
    await expect(worker.pass()).rejects.toThrow('database away');
    expect(inHand.held().messages).toEqual(['k1']);
    away = false;
    completed.length = 0;
    await worker.pass();
    expect(completed).toEqual([['k1']]);
    expect(inHand.held().messages).toEqual([]);
  });

  it('hands no more than it can hold: past that, messages are written unleased and claimed', () => {
    const worker = new CategorizeWorker(deps);
    const many = Array.from({ length: 256 }, (_, i) => accepted(`m${i}`));
    expect(worker.leaseFor(many.length)).toBeDefined();
    worker.hand(many);
    expect(worker.leaseFor(1)).toBeUndefined();
  });
});

describe('delivering accepted messages from memory', () => {
  type Attempt = { message: OutgoingMessage; deliveries: NewDelivery[] };
  const delivered = (d: NewDelivery): AttemptResult => ({
    recipient: d.recipient,
    outcome: 'delivered',
    response: '250 2.0.0 Delivered',
    connector: 'mailbox',
  });
  const setUp = (answer: (attempt: Attempt) => Promise<AttemptResult[]> | undefined) => {
    const inHand = new WorkInHand();
    const record = {
      attempts: [] as Attempt[],
      completed: [] as Array<{ done: unknown[]; notifications: unknown[] }>,
      removed: [] as string[][],
      woken: [] as string[],
      claimed: [] as MessageToCategorize[],
    };
    const worker = new CategorizeWorker({
      owner: 'hub-1',
      inHand,
      queue: {
        claimToCategorize: async () => record.claimed.splice(0),
        completeCategorization: async (_owner: string, done: Array<{ id: string }>, notes: []) => {
          // As the repository: nothing written when nothing was categorized the written way.
          if (done.length) record.completed.push({ done, notifications: notes });
          return done.map((d) => d.id);
        },
        removeDelivered: async (_owner: string, ids: string[]) => {
          // Still held while the removal is written: its lease must not lapse before.
          expect(inHand.held().messages).toEqual(expect.arrayContaining(ids));
          record.removed.push(ids);
        },
      },
      lookups: {
        resolve: async (addresses: string[]) =>
          addresses.map((address) => ({
            address,
            kind: 'mailbox',
            primarySmtpAddress: address,
            userPrincipalName: address,
          })),
        acceptedDomains: async () => [],
      },
      settings: { expirationMs: 86_400_000 },
      fqdn: () => 'hub.contoso.com',
      logger: { warn: () => undefined },
      direct: {
        deliverNow: (message: OutgoingMessage, deliveries: NewDelivery[]) => {
          record.attempts.push({ message, deliveries });
          return answer({ message, deliveries });
        },
      },
      wake: (route: string) => record.woken.push(route),
    } as unknown as CategorizeWorkerDeps);
    return { worker, inHand, record };
  };

  it('delivers a message for local mailboxes with its MIME from memory, then only removes it', async () => {
    const { worker, inHand, record } = setUp(async ({ deliveries }) => deliveries.map(delivered));
    worker.hand([{ ...accepted('d1'), recipients: ['pat@contoso.com', 'kim@contoso.com'] }]);
    await worker.pass();
    await worker.drain();
    expect(record.attempts).toHaveLength(1);
    const [{ message, deliveries }] = record.attempts;
    expect(message.mime.toString()).toBe('Subject: hi\r\n\r\nhello\r\n');
    expect(message.trace).toMatch(/^Received: from mx\.fabrikam\.com/);
    expect(deliveries.map((d) => d.mailbox)).toEqual(['pat@contoso.com', 'kim@contoso.com']);
    // Nothing of its categorization is written: no deliveries, no outcomes.
    expect(record.completed).toEqual([]);
    expect(record.removed).toEqual([['d1']]);
    expect(inHand.held().messages).toEqual([]);
  });

  it('queues what was not delivered, and the answers to send, the written way', async () => {
    const answerMessage = { ...accepted('oof'), source: 'auto-reply' as const };
    const { worker, record } = setUp(async ({ deliveries: [pat, kim] }) => [
      { ...delivered(pat), answer: answerMessage },
      {
        recipient: kim.recipient,
        outcome: 'deferred',
        response: '451 4.3.0 Mailbox unavailable',
        connector: 'mailbox',
      },
    ]);
    worker.hand([{ ...accepted('d2'), recipients: ['pat@contoso.com', 'kim@contoso.com'] }]);
    await worker.pass();
    await worker.drain();
    expect(record.removed).toEqual([]);
    expect(record.completed).toEqual([
      {
        done: [
          expect.objectContaining({
            id: 'd2',
            deliveries: [expect.objectContaining({ recipient: 'kim@contoso.com' })],
          }),
        ],
        notifications: [{ about: 'd2', message: answerMessage }],
      },
    ]);
    expect(record.woken).toEqual(['mailbox']);
  });

  it('queues the deliveries as written when the delivery worker takes no more now', async () => {
    const { worker, record } = setUp(() => undefined);
    worker.hand([accepted('d3')]);
    await worker.pass();
    expect(record.attempts).toHaveLength(1);
    expect(record.completed).toEqual([
      { done: [expect.objectContaining({ id: 'd3' })], notifications: [] },
    ]);
  });

  it('keeps no more MIME in memory than its limit, and has none of a claimed message', async () => {
    const { worker, record } = setUp(async ({ deliveries }) => deliveries.map(delivered));
    const large = { ...accepted('big'), mime: Buffer.alloc(TRANSPORT_LIMITS.directMimeBytes + 1) };
    worker.hand([large]);
    const { mime: _mime, ...claimed } = accepted('claimed');
    record.claimed.push({ ...claimed, attempts: 0 });
    await worker.pass();
    await worker.drain();
    expect(record.attempts).toEqual([]);
    expect(record.completed.flatMap((c) => c.done.map((d) => (d as { id: string }).id))).toEqual([
      'big',
      'claimed',
    ]);
  });
});
