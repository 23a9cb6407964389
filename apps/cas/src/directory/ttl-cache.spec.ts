import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('forgets entries when they expire, the oldest past its bound, and on request', async () => {
    let now = 0;
    const cache = new TtlCache<string, number>(100, 2, () => now);
    cache.set('a', 1);
    cache.set('b', 2);
    now = 99;
    expect(cache.get('a')).toBe(1);
    now = 100;
    expect(cache.get('a')).toBeUndefined();
    cache.set('c', 3);
    cache.set('d', 4);
    expect([cache.get('b'), cache.get('c'), cache.get('d')]).toEqual([undefined, 3, 4]);
    cache.deleteWhere((key) => key === 'c');
    expect(cache.size).toBe(1);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.through('e', load)).toBe(1);
    expect(await cache.through('e', load)).toBe(1);
    cache.clear();
    expect(await cache.through('e', load)).toBe(2);
  });

  it('gives concurrent misses of a key one load, and does not remember a failed one', async () => {
    const cache = new TtlCache<string, number>(1000, 10);
    let loads = 0;
    let finish!: (value: number) => void;
    const load = () => {
      loads++;
      return new Promise<number>((resolve) => (finish = resolve));
    };
    const asked = Array.from({ length: 20 }, () => cache.through('a', load));
    finish(7);
    expect(await Promise.all(asked)).toEqual(Array(20).fill(7));
    expect(loads).toBe(1);
    expect(cache.get('a')).toBe(7);

    const failing = () => Promise.reject(new Error('directory down'));
    await expect(cache.through('b', failing)).rejects.toThrow('directory down');
    expect(await cache.through('b', async () => 8)).toBe(8);
  });

  it('does not remember a load that ran while entries were dropped', async () => {
    const cache = new TtlCache<string, number>(1000, 10);
    let finish!: (value: number) => void;
    const before = cache.through('a', () => new Promise<number>((resolve) => (finish = resolve)));
    cache.clear();
    // A caller after the drop does not join the stale load.
    const after = cache.through('a', async () => 2);
    finish(1);
    expect(await before).toBe(1);
    expect(await after).toBe(2);
    expect(cache.get('a')).toBe(2);
  });

  it('remembers only what keep picks from a shared load', async () => {
    const cache = new TtlCache<string, number>(1000, 10);
    const results = await Promise.all([
      cache.load(
        'a',
        async () => ({ ok: false }),
        () => undefined,
      ),
      cache.load(
        'a',
        async () => ({ ok: true }),
        () => 1,
      ),
    ]);
    expect(results).toEqual([{ ok: false }, { ok: false }]);
    expect(cache.get('a')).toBeUndefined();
  });
});
