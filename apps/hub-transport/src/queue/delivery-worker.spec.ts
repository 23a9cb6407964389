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
          return [];
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
