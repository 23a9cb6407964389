import { DeliveryWorker, type DeliveryExecutor, type DeliveryWorkerDeps } from './delivery-worker';

describe('a delivery worker whose next hop is away', () => {
  it('claims nothing until the hop may be back, then claims as much as it has room for', async () => {
    let away = Date.now() + 60_000;
    const claims: number[] = [];
    const executor: DeliveryExecutor = {
      route: 'mailbox',
      group: (deliveries) => deliveries.map((d) => [d]),
      attempt: async () => [],
      awayUntil: () => away,
    };
    const deps = {
      deliveries: {
        claim: async (_owner: string, _route: string, room: number) => {
          claims.push(room);
          return { deliveries: [], messages: [] };
        },
      },
      maxInFlight: 4,
    } as unknown as DeliveryWorkerDeps;
    const worker = new DeliveryWorker(executor, deps);

    expect(await worker.pass()).toBe(false);
    expect(claims).toEqual([]);
    away = Date.now() - 1;
    expect(await worker.pass()).toBe(false);
    expect(claims).toEqual([4]);
  });
});

describe('a delivery worker pass', () => {
  it('says more may wait only when it filled its room: a short claim ends the round', async () => {
    let due = 6;
    const executor: DeliveryExecutor = {
      route: 'mailbox',
      group: (deliveries) => deliveries.map((d) => [d]),
      attempt: async (_message, group) =>
        group.map((d) => ({
          recipient: d.recipient,
          outcome: 'delivered' as const,
          response: '250 2.0.0 OK',
          connector: 'mailbox',
        })),
    };
    const deps = {
      deliveries: {
        claim: async (_owner: string, _route: string, room: number) => {
          const taken = Math.min(room, due);
          due -= taken;
          const deliveries = Array.from({ length: taken }, (_, i) => ({
            messageId: `m${due + i}`,
            recipient: 'pat@contoso.com',
            attempts: 0,
          }));
          const messages = deliveries.map((d) => ({ id: d.messageId, receivedAt: new Date() }));
          return { deliveries, messages };
        },
        applyResults: async () => undefined,
      },
      inHand: { takeDeliveries: () => undefined, dropDeliveries: () => undefined },
      metrics: { delivery: () => undefined },
      settings: {},
      maxInFlight: 4,
    } as unknown as DeliveryWorkerDeps;
    const worker = new DeliveryWorker(executor, deps);

    expect(await worker.pass()).toBe(true);
    await worker.drain(1_000);
    expect(await worker.pass()).toBe(false);
    expect(due).toBe(0);
  });
});

describe('a delivery from memory (deliverNow)', () => {
  const message = {
    id: 'm1',
    receivedAt: new Date(),
    sender: 'lee@fabrikam.com',
    trace: '',
    mime: Buffer.from('Subject: hi\r\n\r\nhello\r\n'),
  };
  const delivery = (recipient: string) => ({
    messageId: 'm1',
    recipient,
    original: recipient,
    route: 'mailbox' as const,
    mailbox: recipient,
  });

  it('takes a slot of the route, counts what was delivered, and refuses while the hop is away or it is stopping', async () => {
    let away = 0;
    const pending: Array<() => void> = [];
    const executor: DeliveryExecutor = {
      route: 'mailbox',
      group: (deliveries) => deliveries.map((d) => [d]),
      attempt: (_message, [d]) =>
        new Promise((resolve) =>
          pending.push(() =>
            resolve([
              {
                recipient: d.recipient,
                outcome: d.recipient.startsWith('pat') ? 'delivered' : 'deferred',
                response: '250 2.0.0 OK',
                connector: 'mailbox',
              },
            ]),
          ),
        ),
      awayUntil: () => away,
    };
    const counted: string[] = [];
    const worker = new DeliveryWorker(executor, {
      metrics: { delivery: (_connector: string, outcome: string) => counted.push(outcome) },
      deliveries: { claim: async () => ({ deliveries: [], messages: [] }) },
      maxInFlight: 1,
    } as unknown as DeliveryWorkerDeps);

    const first = worker.deliverNow(message, [
      delivery('pat@contoso.com'),
      delivery('kim@contoso.com'),
    ]);
    expect(first).toBeDefined();
    // The only slot is taken: another delivery from memory still goes (the categorizer bounds
    // them), but a claim waits until both are done.
    const second = worker.deliverNow(message, [delivery('lou@contoso.com')]);
    expect(second).toBeDefined();
    let claimed = false;
    const pass = worker.pass().then(() => (claimed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(claimed).toBe(false);
    pending.splice(0).forEach((resolve) => resolve());
    expect((await first)!.map((r) => r.outcome)).toEqual(['delivered', 'deferred']);
    await second;
    await pass;
    // Only the delivery is counted here; the deferred one is queued and counted when tried again.
    expect(counted).toEqual(['delivered']);

    away = Date.now() + 60_000;
    expect(worker.deliverNow(message, [delivery('pat@contoso.com')])).toBeUndefined();
    away = 0;
    worker.halt();
    expect(worker.deliverNow(message, [delivery('pat@contoso.com')])).toBeUndefined();
  });
});
