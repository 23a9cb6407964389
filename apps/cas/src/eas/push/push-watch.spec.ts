import { PushWatch, type WatchOutcome } from './push-watch';

const PAT = 'pat@contoso.com';
const KIM = 'kim@contoso.com';

/** A device's connection as eas.routes' whenGone gives it: it can leave, once. */
function connection() {
  const listening = new Set<() => void>();
  let gone = false;
  return {
    whenGone: (listener: () => void) => {
      if (gone) {
        listener();
        return () => undefined;
      }
      listening.add(listener);
      return () => void listening.delete(listener);
    },
    leave() {
      gone = true;
      for (const listener of [...listening]) listener();
    },
    get listeners() {
      return listening.size;
    },
  };
}

describe('PushWatch', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** The outcome once settled, or 'held' while it still waits. */
  const state = async (promise: Promise<WatchOutcome>) => {
    const marker = Symbol('held');
    const settled = await Promise.race([promise, Promise.resolve().then(() => marker)]);
    return settled === marker ? 'held' : settled;
  };

  it('answers a change of a watched folder at once, with only the watched folders it named', async () => {
    const watch = new PushWatch();
    const inbox = watch.wait({ mailbox: PAT, folderIds: ['inbox', 'sent'], timeoutMs: 60_000 });
    const other = watch.wait({ mailbox: PAT, folderIds: ['notes'], timeoutMs: 60_000 });
    const kim = watch.wait({ mailbox: KIM, folderIds: ['inbox'], timeoutMs: 60_000 });
    expect(watch.held).toBe(3);

    watch.folderChanged({ mailbox: PAT, folderIds: ['drafts', 'inbox'] });
    expect(await inbox).toEqual({ reason: 'changed', folderIds: ['inbox'] });
    expect(await state(other)).toBe('held');
    expect(await state(kim)).toBe('held');
    expect(watch.held).toBe(2);
  });

  it('times out with one timer per request, and forgets the request', async () => {
    const watch = new PushWatch();
    const waiting = watch.wait({ mailbox: PAT, folderIds: ['inbox'], timeoutMs: 30_000 });
    jest.advanceTimersByTime(29_999);
    expect(await state(waiting)).toBe('held');
    jest.advanceTimersByTime(1);
    expect(await waiting).toEqual({ reason: 'timeout' });
    expect(watch.held).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('ends every wait of the mailbox when its hierarchy changes', async () => {
    const watch = new PushWatch();
    const a = watch.wait({ mailbox: PAT, folderIds: ['inbox'], timeoutMs: 60_000 });
    const b = watch.wait({ mailbox: PAT, folderIds: ['notes'], timeoutMs: 60_000 });
    const kim = watch.wait({ mailbox: KIM, folderIds: ['inbox'], timeoutMs: 60_000 });
    watch.hierarchyChanged({ mailbox: PAT });
    expect([await a, await b]).toEqual([
      { reason: 'hierarchy-changed' },
      { reason: 'hierarchy-changed' },
    ]);
    expect(await state(kim)).toBe('held');
  });

  it('lets a newer wait of the same holder end the older one, and only that one', async () => {
    const watch = new PushWatch();
    const first = watch.wait({
      mailbox: PAT,
      folderIds: ['inbox'],
      timeoutMs: 60_000,
      holder: 'p/1',
    });
    const otherDevice = watch.wait({
      mailbox: PAT,
      folderIds: ['inbox'],
      timeoutMs: 60_000,
      holder: 'p/2',
    });
    const second = watch.wait({
      mailbox: PAT,
      folderIds: ['sent'],
      timeoutMs: 60_000,
      holder: 'p/1',
    });
    expect(await first).toEqual({ reason: 'superseded' });
    expect(await state(otherDevice)).toBe('held');
    watch.folderChanged({ mailbox: PAT, folderIds: ['sent'] });
    expect(await second).toEqual({ reason: 'changed', folderIds: ['sent'] });
    // The holder is free again: a third wait supersedes nothing.
    const third = watch.wait({ mailbox: PAT, folderIds: ['x'], timeoutMs: 10, holder: 'p/1' });
    jest.advanceTimersByTime(10);
    expect(await third).toEqual({ reason: 'timeout' });
  });

  it('stops waiting when the device goes away, before or while waiting', async () => {
    const watch = new PushWatch();
    const left = connection();
    left.leave();
    expect(
      await watch.wait({
        mailbox: PAT,
        folderIds: ['inbox'],
        timeoutMs: 1000,
        whenGone: left.whenGone,
      }),
    ).toEqual({ reason: 'aborted' });
    const leaving = connection();
    const held = watch.wait({
      mailbox: PAT,
      folderIds: ['inbox'],
      timeoutMs: 60_000,
      whenGone: leaving.whenGone,
    });
    expect(leaving.listeners).toBe(1);
    leaving.leave();
    expect(await held).toEqual({ reason: 'aborted' });
    expect(watch.held).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stops listening for the device once a wait ends otherwise', async () => {
    const watch = new PushWatch();
    const device = connection();
    const request = { mailbox: PAT, folderIds: ['inbox'], whenGone: device.whenGone };
    const timedOut = watch.wait({ ...request, timeoutMs: 10 });
    jest.advanceTimersByTime(10);
    expect(await timedOut).toEqual({ reason: 'timeout' });
    const changed = watch.wait({ ...request, timeoutMs: 60_000 });
    watch.folderChanged({ mailbox: PAT, folderIds: ['inbox'] });
    expect(await changed).toEqual({ reason: 'changed', folderIds: ['inbox'] });
    const found = await watch.lookThenWait({ ...request, timeoutMs: 60_000 }, async () => 'news');
    expect(found).toEqual({ found: 'news' });
    expect(device.listeners).toBe(0);
    // Leaving afterwards ends nothing that has ended.
    device.leave();
    expect(watch.held).toBe(0);
  });

  it('holds many requests without a timer per folder', () => {
    const watch = new PushWatch();
    for (let i = 0; i < 1000; i++)
      void watch.wait({
        mailbox: `user${i}@contoso.com`,
        folderIds: ['inbox', 'calendar', 'contacts'],
        timeoutMs: 60_000,
      });
    expect(watch.held).toBe(1000);
    expect(jest.getTimerCount()).toBe(1000);
  });

  it('looks after registering: a change while it looks ends the wait; news found gives it up', async () => {
    const watch = new PushWatch();
    const changedMeanwhile = await watch.lookThenWait(
      { mailbox: PAT, folderIds: ['inbox'], timeoutMs: 60_000 },
      async () => {
        watch.folderChanged({ mailbox: PAT, folderIds: ['inbox'] });
        return undefined;
      },
    );
    expect(changedMeanwhile).toEqual({ outcome: { reason: 'changed', folderIds: ['inbox'] } });

    const found = await watch.lookThenWait(
      { mailbox: PAT, folderIds: ['inbox'], timeoutMs: 60_000, holder: 'pat\nphone' },
      async () => 'news',
    );
    expect(found).toEqual({ found: 'news' });
    const failed = watch.lookThenWait(
      { mailbox: PAT, folderIds: ['inbox'], timeoutMs: 60_000 },
      async () => {
        throw new Error('mailbox down');
      },
    );
    await expect(failed).rejects.toThrow('mailbox down');
    expect(watch.held).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });
});
