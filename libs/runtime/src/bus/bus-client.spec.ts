import { Subject, type Observable } from 'rxjs';
import type { RequestSubject } from '@mail/contracts';
import { BusClient, type BusProxy } from './bus-client';
import { BusError } from './bus-error';

const ASK = { subject: 'test.ask' } as RequestSubject<number, number>;

/** A far side that answers only when the test says: each request sent, in order. */
function farSide() {
  const sent: Array<{ payload: number; answer: Subject<number> }> = [];
  const proxy = {
    send: (_subject: string, payload: number): Observable<number> => {
      const answer = new Subject<number>();
      sent.push({ payload, answer });
      return answer;
    },
    emit: () => new Subject<never>(),
    close: async () => undefined,
  } as unknown as BusProxy;
  const answer = (i: number) => {
    sent[i].answer.next(sent[i].payload * 10);
    sent[i].answer.complete();
  };
  return { sent, proxy, answer };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('BusClient.admitting', () => {
  it('has at most its limit out; the rest go out in order as answers come', async () => {
    const far = farSide();
    const bus = new BusClient(far.proxy, 5_000).admitting(2);
    const replies = [1, 2, 3, 4].map((n) => bus.request(ASK, n));
    await tick();
    expect(far.sent.map((s) => s.payload)).toEqual([1, 2]);
    far.answer(1);
    await tick();
    expect(far.sent.map((s) => s.payload)).toEqual([1, 2, 3]);
    far.answer(0);
    far.answer(2);
    await tick();
    far.answer(3);
    expect(await Promise.all(replies)).toEqual([10, 20, 30, 40]);
  });

  it('starts a deadline when the request goes out, not while it waits its turn', async () => {
    const far = farSide();
    const bus = new BusClient(far.proxy, 50).admitting(1);
    const first = bus.request(ASK, 1);
    const second = bus.request(ASK, 2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    far.answer(0);
    await tick();
    // The second has waited 30 ms of its 50: sent now, it still has all 50.
    await new Promise((resolve) => setTimeout(resolve, 30));
    far.answer(1);
    expect(await Promise.all([first, second])).toEqual([10, 20]);
  });

  it('fails the waiting requests when one in flight times out, then admits again', async () => {
    const far = farSide();
    const bus = new BusClient(far.proxy, 40).admitting(1);
    const stuck = bus.request(ASK, 1);
    const waiting = [bus.request(ASK, 2), bus.request(ASK, 3)];
    await expect(stuck).rejects.toMatchObject({ code: 'timeout' });
    for (const w of waiting) {
      const error = await w.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BusError);
      expect(error).toMatchObject({ code: 'unavailable', temporary: true });
    }
    expect(far.sent).toHaveLength(1);
    const later = bus.request(ASK, 4);
    await tick();
    far.answer(1);
    expect(await later).toBe(40);
  });

  it("keeps the waiting requests when one misses only its caller's shorter deadline", async () => {
    const far = farSide();
    const bus = new BusClient(far.proxy, 5_000).admitting(1);
    const hurried = bus.request(ASK, 1, { timeoutMs: 20 });
    const next = bus.request(ASK, 2);
    await expect(hurried).rejects.toMatchObject({ code: 'timeout' });
    await tick();
    far.answer(1);
    expect(await next).toBe(20);
  });

  it('is not metered without a limit', async () => {
    const far = farSide();
    const bus = new BusClient(far.proxy, 5_000);
    const replies = Array.from({ length: 500 }, (_, n) => bus.request(ASK, n));
    await tick();
    expect(far.sent).toHaveLength(500);
    far.sent.forEach((_, i) => far.answer(i));
    expect((await Promise.all(replies)).at(-1)).toBe(4990);
  });
});
