import { CredentialCache } from './credential-cache';

const pat = { userPrincipalName: 'pat@contoso.com', isAdmin: false, easEnabled: true };

describe('CredentialCache', () => {
  it('keeps a verified sign-in until it expires', () => {
    let now = 0;
    const cache = new CredentialCache(1000, 10, () => now);
    const key = cache.key('pat@contoso.com', 'secret');
    cache.set(key, pat);
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

  it('drops every entry of a user when told, and the oldest past the bound', () => {
    const cache = new CredentialCache(60_000, 2);
    cache.set(cache.key('CONTOSO\\pat', 'a'), pat);
    cache.set(cache.key('pat@contoso.com', 'a'), pat);
    cache.evict('Pat@Contoso.com');
    expect(cache.size).toBe(0);
    cache.set('1', pat);
    cache.set('2', pat);
    cache.set('3', pat);
    expect([cache.get('1'), cache.get('2'), cache.get('3')].map(Boolean)).toEqual([
      false,
      true,
      true,
    ]);
  });
});
