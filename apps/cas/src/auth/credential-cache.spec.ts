import { CredentialCache } from './credential-cache';

const pat = { userPrincipalName: 'pat@contoso.com', isAdmin: false, easEnabled: true };
/** A verification that succeeded as Pat, as the authenticator's would. */
const remember = (cache: CredentialCache, key: string) =>
  cache.verify(
    key,
    async () => pat,
    (signIn) => signIn,
  );

describe('CredentialCache', () => {
  it('keeps a verified sign-in until it expires', async () => {
    let now = 0;
    const cache = new CredentialCache(1000, 10, () => now);
    const key = cache.key('pat@contoso.com', 'secret');
    await remember(cache, key);
    expect(cache.get(key)).toEqual(pat);
    now = 999;
    expect(cache.get(key)).toEqual(pat);
    now = 1000;
    expect(cache.get(key)).toBeUndefined();
  });

  it('keys on the exact user name and password, never storing either', () => {
    const cache = new CredentialCache();
    const key = cache.key('pat@contoso.com', 'secret');
    expect(key).not.toContain('secret');
    expect(cache.key('pat@contoso.com', 'Secret')).not.toBe(key);
    expect(cache.key('pat@contoso.comsecret', '')).not.toBe(cache.key('pat@contoso.com', 'secret'));
  });

  it('drops every entry of a user when told, and the oldest past the bound', async () => {
    const cache = new CredentialCache(60_000, 2);
    await remember(cache, cache.key('CONTOSO\\pat', 'a'));
    await remember(cache, cache.key('pat@contoso.com', 'a'));
    cache.evict('Pat@Contoso.com');
    expect(cache.size).toBe(0);
    await remember(cache, '1');
    await remember(cache, '2');
    await remember(cache, '3');
    expect([cache.get('1'), cache.get('2'), cache.get('3')].map(Boolean)).toEqual([
      false,
      true,
      true,
    ]);
  });

  it('keeps a sign-in for 15 minutes: the directory event, not the clock, revokes it', async () => {
    let now = 0;
    const cache = new CredentialCache(undefined, undefined, () => now);
    const key = cache.key('pat@contoso.com', 'secret');
    await remember(cache, key);
    now = 15 * 60_000 - 1;
    expect(cache.get(key)).toEqual(pat);
    now = 15 * 60_000;
    expect(cache.get(key)).toBeUndefined();
  });

  it('verifies once for concurrent requests and remembers only a success', async () => {
    const cache = new CredentialCache();
    const key = cache.key('pat@contoso.com', 'secret');
    let checks = 0;
    const check = async () => {
      checks++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { ok: true };
    };
    const results = await Promise.all(
      Array.from({ length: 50 }, () => cache.verify(key, check, (r) => (r.ok ? pat : undefined))),
    );
    expect(checks).toBe(1);
    expect(results).toHaveLength(50);
    expect(cache.get(key)).toEqual(pat);

    const wrong = cache.key('pat@contoso.com', 'guess');
    await cache.verify(
      wrong,
      async () => ({ ok: false }),
      (r) => (r.ok ? pat : undefined),
    );
    expect(cache.get(wrong)).toBeUndefined();
  });

  it('does not remember a verification that was running when the user was evicted', async () => {
    const cache = new CredentialCache();
    const key = cache.key('pat@contoso.com', 'old-password');
    let finish!: () => void;
    const running = cache.verify(
      key,
      () => new Promise<void>((resolve) => (finish = resolve)),
      () => pat,
    );
    cache.evict('pat@contoso.com'); // the password changed while the old one was checked
    finish();
    await running;
    expect(cache.get(key)).toBeUndefined();
  });
});
