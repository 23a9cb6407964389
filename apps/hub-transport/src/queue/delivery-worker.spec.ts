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
