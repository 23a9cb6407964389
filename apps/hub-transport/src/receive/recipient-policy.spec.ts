import type { ResolvedRecipient } from '@mail/contracts';
import { addressWithinLimits, decideRecipient, type RecipientCheck } from './recipient-policy';

const known = new Set(['pat@contoso.com', 'sales@contoso.com']);
const check = (authenticated: boolean): RecipientCheck => ({
  authenticated,
  domains: [
    { name: 'contoso.com', domainType: 'Authoritative', isDefault: true },
    { name: 'partners.contoso.com', domainType: 'InternalRelay', isDefault: false },
    { name: 'fabrikam.net', domainType: 'ExternalRelay', isDefault: false },
  ],
  resolve: async (address) =>
    (known.has(address.toLowerCase())
      ? { address, kind: 'group', primarySmtpAddress: address, displayName: 'x' }
      : { address, kind: null }) as ResolvedRecipient,
});

describe('the recipient policy', () => {
  it('accepts known recipients of an Authoritative domain and refuses unknown ones', async () => {
    expect(await decideRecipient('Pat@Contoso.com', check(false))).toBe('accept');
    expect(await decideRecipient('ghost@contoso.com', check(false))).toBe('unknown-recipient');
    expect(await decideRecipient('ghost@contoso.com', check(true))).toBe('unknown-recipient');
  });

  it('accepts any address of a relay domain', async () => {
    expect(await decideRecipient('anyone@partners.contoso.com', check(false))).toBe('accept');
    expect(await decideRecipient('anyone@fabrikam.net', check(false))).toBe('accept');
  });

  it('relays to other domains only for authenticated clients', async () => {
    expect(await decideRecipient('someone@tailspin.example', check(false))).toBe('relay-denied');
    expect(await decideRecipient('someone@[192.0.2.1]', check(false))).toBe('relay-denied');
    expect(await decideRecipient('someone@tailspin.example', check(true))).toBe('accept');
  });

  it('holds addresses to the lengths of RFC 5321', async () => {
    expect(addressWithinLimits(`${'a'.repeat(64)}@contoso.com`)).toBe(true);
    expect(addressWithinLimits(`${'a'.repeat(65)}@contoso.com`)).toBe(false);
    expect(addressWithinLimits(`a@${'b'.repeat(250)}.com`)).toBe(false);
    expect(addressWithinLimits('@contoso.com')).toBe(false);
    expect(await decideRecipient(`${'x'.repeat(10_000)}@contoso.com`, check(true))).toBe(
      'bad-recipient-syntax',
    );
  });
});
