import type { ExpandedMember, ResolvedRecipient } from '@mail/contracts';
import { categorize, type CategorizerLookups } from './categorizer';

type Entry = ResolvedRecipient extends infer R
  ? R extends unknown
    ? Omit<R, 'address'>
    : never
  : never;

const pat: Entry = {
  kind: 'mailbox',
  primarySmtpAddress: 'pat@contoso.com',
  userPrincipalName: 'pat.lee@contoso.com',
  displayName: 'Pat',
  proxyAddresses: ['pat@contoso.com', 'p.lee@contoso.com'],
  accountDisabled: false,
};
const directory: Record<string, Entry> = {
  'pat@contoso.com': pat,
  'p.lee@contoso.com': pat,
  'sales@contoso.com': {
    kind: 'group',
    primarySmtpAddress: 'sales@contoso.com',
    displayName: 'Sales',
  },
  'partner@tailspin.example': {
    kind: 'contact',
    externalEmailAddress: 'partner@tailspin.example',
    displayName: 'Partner',
  },
};
const sales: ExpandedMember[] = [
  {
    kind: 'mailbox',
    primarySmtpAddress: 'pat@contoso.com',
    userPrincipalName: 'pat.lee@contoso.com',
  },
  { kind: 'mailbox', primarySmtpAddress: 'lee@contoso.com', userPrincipalName: 'lee@contoso.com' },
  { kind: 'contact', externalEmailAddress: 'partner@tailspin.example' },
];
const lookups: CategorizerLookups = {
  resolve: async (addresses) =>
    addresses.map(
      (address) => ({ ...(directory[address] ?? { kind: null }), address }) as ResolvedRecipient,
    ),
  expand: async (group) => ({
    members: group === 'sales@contoso.com' ? sales : [],
    truncated: false,
  }),
  acceptedDomains: async () => [
    { name: 'contoso.com', domainType: 'Authoritative', isDefault: true },
    { name: 'relay.contoso.com', domainType: 'InternalRelay', isDefault: false },
  ],
};

describe('the categorizer', () => {
  it('delivers a proxy address to the mailbox under its primary address, once', async () => {
    const result = await categorize(
      { recipients: ['P.Lee@contoso.com', 'pat@contoso.com'], hops: 1 },
      lookups,
    );
    expect(result).toEqual({
      deliveries: [
        {
          route: 'mailbox',
          recipient: 'pat@contoso.com',
          original: 'p.lee@contoso.com',
          mailbox: 'pat.lee@contoso.com',
        },
      ],
      refusals: [],
      truncatedGroups: [],
    });
  });

  it('expands a group into its mailboxes and contacts, each once', async () => {
    const { deliveries } = await categorize(
      { recipients: ['sales@contoso.com', 'partner@tailspin.example'], hops: 0 },
      lookups,
    );
    expect(deliveries).toEqual([
      {
        route: 'mailbox',
        recipient: 'pat@contoso.com',
        original: 'sales@contoso.com',
        mailbox: 'pat.lee@contoso.com',
      },
      {
        route: 'mailbox',
        recipient: 'lee@contoso.com',
        original: 'sales@contoso.com',
        mailbox: 'lee@contoso.com',
      },
      { route: 'smtp', recipient: 'partner@tailspin.example', original: 'sales@contoso.com' },
    ]);
  });

  it('refuses unknown addresses of an Authoritative domain and relays the rest', async () => {
    const result = await categorize(
      {
        recipients: ['ghost@contoso.com', 'app@relay.contoso.com', 'someone@fabrikam.com'],
        hops: 0,
      },
      lookups,
    );
    expect(result.refusals).toEqual([
      { recipient: 'ghost@contoso.com', original: 'ghost@contoso.com', error: 'unknown-recipient' },
    ]);
    expect(result.deliveries.map((d) => `${d.route}:${d.recipient}`)).toEqual([
      'smtp:app@relay.contoso.com',
      'smtp:someone@fabrikam.com',
    ]);
  });

  it('sends a message that has crossed too many hops nowhere', async () => {
    const result = await categorize({ recipients: ['pat@contoso.com'], hops: 31 }, lookups);
    expect(result).toMatchObject({
      deliveries: [],
      refusals: [{ recipient: 'pat@contoso.com', error: 'loop-detected' }],
    });
  });
});
