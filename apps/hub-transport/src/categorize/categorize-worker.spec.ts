import type { NewMessage } from '../queue/queued-message';
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
