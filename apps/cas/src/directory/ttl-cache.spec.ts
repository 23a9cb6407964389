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
});
