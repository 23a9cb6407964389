import type { TransportSettings } from '../settings';
import { statusOf, transition, type Delivery, type DeliveryContext } from './retry.machine';

const MIN = 60_000;
const settings: TransportSettings = {
  retryScheduleMs: [1 * MIN, 5 * MIN, 15 * MIN, 60 * MIN],
  expirationMs: 2 * 24 * 60 * MIN,
  delayNotificationMs: null,
};
const T0 = Date.UTC(2025, 10, 4, 10, 0, 0);
const smtp: DeliveryContext = { route: 'smtp', receivedAt: T0, settings };
const ready: Delivery = {
  state: 'ready',
  attempts: 0,
  nextAttemptAt: T0,
  delayNotified: false,
  lastResponse: null,
};
const deferred = (at: number) => ({ type: 'deferred' as const, at, response: '451 4.3.0 busy' });

describe('the delivery retry machine', () => {
  it('delivers, with nothing to tell the sender', () => {
    expect(
      transition(ready, { type: 'delivered', at: T0, response: '250 2.0.0 ok' }, smtp),
    ).toEqual({
      delivery: {
        ...ready,
        state: 'delivered',
        attempts: 1,
        nextAttemptAt: null,
        lastResponse: '250 2.0.0 ok',
      },
      effects: [],
    });
  });

  it('retries on the schedule, repeating its last step, then expires with a failure notice', () => {
    let delivery = ready;
    const waits: number[] = [];
    let at = T0;
    for (let i = 0; i < 6; i++) {
      const { delivery: next, effects } = transition(delivery, deferred(at), smtp);
      expect(effects).toEqual([]);
      expect(next.state).toBe('retry');
      waits.push((next.nextAttemptAt! - at) / MIN);
      at = next.nextAttemptAt!;
      delivery = { ...next, state: 'ready' };
    }
    expect(waits).toEqual([1, 5, 15, 60, 60, 60]);
    expect(delivery.attempts).toBe(6);

    // Never scheduled past expiry: the last attempt is made at expiry, and then it fails.
    const late = transition(delivery, deferred(T0 + settings.expirationMs - MIN), smtp);
    expect(late.delivery.nextAttemptAt).toBe(T0 + settings.expirationMs);
    const expired = transition(
      { ...late.delivery, state: 'ready' },
      deferred(T0 + settings.expirationMs),
      smtp,
    );
    expect(expired).toEqual({
      delivery: expect.objectContaining({ state: 'failed', nextAttemptAt: null, attempts: 8 }),
      effects: [
        { type: 'notify', action: 'failed', status: '4.4.7', diagnostic: '451 4.3.0 busy' },
      ],
    });
  });

  it('fails at once on a permanent refusal, telling the sender why', () => {
    const refusal = {
      type: 'failed' as const,
      at: T0,
      response: '550 5.1.1 no such user',
      status: '5.1.1',
    };
    expect(transition(ready, refusal, smtp).effects).toEqual([
      { type: 'notify', action: 'failed', status: '5.1.1', diagnostic: '550 5.1.1 no such user' },
    ]);
  });

  it('backs off quickly for the mailbox role, whatever the remote schedule', () => {
    const mailbox = { ...smtp, route: 'mailbox' as const };
    const first = transition(ready, deferred(T0), mailbox);
    expect(first.delivery.nextAttemptAt! - T0).toBe(1000);
  });

  it('tells the sender of a delay once, when configured', () => {
    const withDelay = { ...smtp, settings: { ...settings, delayNotificationMs: 4 * 60 * MIN } };
    const early = transition(ready, deferred(T0 + MIN), withDelay);
    expect(early.effects).toEqual([]);
    const late = transition(
      { ...early.delivery, state: 'ready' },
      deferred(T0 + 5 * 60 * MIN),
      withDelay,
    );
    expect(late.effects).toEqual([
      {
        type: 'notify',
        action: 'delayed',
        status: '4.3.0',
        diagnostic: '451 4.3.0 busy',
        willRetryUntil: T0 + settings.expirationMs,
      },
    ]);
    const again = transition(
      { ...late.delivery, state: 'ready' },
      deferred(T0 + 6 * 60 * MIN),
      withDelay,
    );
    expect(again.effects).toEqual([]);
  });

  it('makes a waiting delivery due on request, and leaves finished ones alone', () => {
    const waiting = transition(ready, deferred(T0), smtp).delivery;
    expect(transition(waiting, { type: 'retry-now', at: T0 + 1 }, smtp).delivery).toMatchObject({
      state: 'ready',
      nextAttemptAt: T0 + 1,
    });
    const delivered = { ...ready, state: 'delivered' as const, nextAttemptAt: null };
    expect(transition(delivered, deferred(T0), smtp)).toEqual({ delivery: delivered, effects: [] });
  });

  it('reads the enhanced status code of a reply', () => {
    expect(statusOf('550 5.1.1 user unknown')).toBe('5.1.1');
    expect(statusOf('421 mx.example.com busy')).toBeNull();
  });
});
