import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import { RecipientRepository } from './recipient.repository';
import { RoutingRepository } from './routing.repository';
import { directoryStorage } from './storage';

describe.each(DATABASE_BACKENDS)('RoutingRepository on %s', (_name, open) => {
  let db: OpenedDatabase;
  let recipients: RecipientRepository;
  let routing: RoutingRepository;
  const user = { passwordHash: null, isAdmin: false, easEnabled: true, person: {} };
  const mailbox = (address: string, displayName = address) =>
    recipients.addMailbox({ ...user, address, displayName });

  beforeEach(async () => {
    db = await open(directoryStorage);
    recipients = new RecipientRepository(db.dataSource);
    routing = new RoutingRepository(db.dataSource);
  });
  afterEach(() => db.close());

  it('resolves many addresses in one call: proxies, groups, contacts, the UPN, and unknowns', async () => {
    const pat = await mailbox('pat@contoso.com', 'Pat Lee');
    await recipients.updateMailbox(pat.id, {
      addAddresses: ['p.lee@contoso.com'],
      primarySmtpAddress: 'patricia@contoso.com',
      accountDisabled: true,
    });
    await recipients.addGroup('sales@contoso.com', 'Sales');
    await recipients.addContact({ address: 'ext@fabrikam.com', displayName: 'Ext' });
    const resolved = await routing.resolveMany([
      'P.Lee@contoso.com',
      'pat@contoso.com',
      'sales@contoso.com',
      'ext@fabrikam.com',
      'nobody@contoso.com',
    ]);
    const pats = {
      kind: 'mailbox',
      primarySmtpAddress: 'patricia@contoso.com',
      userPrincipalName: 'pat@contoso.com',
      displayName: 'Pat Lee',
      proxyAddresses: ['patricia@contoso.com', 'p.lee@contoso.com', 'pat@contoso.com'],
      accountDisabled: true,
    };
    expect(resolved).toEqual([
      { address: 'P.Lee@contoso.com', ...pats },
      { address: 'pat@contoso.com', ...pats },
      {
        address: 'sales@contoso.com',
        kind: 'group',
        primarySmtpAddress: 'sales@contoso.com',
        displayName: 'Sales',
      },
      {
        address: 'ext@fabrikam.com',
        kind: 'contact',
        externalEmailAddress: 'ext@fabrikam.com',
        displayName: 'Ext',
      },
      { address: 'nobody@contoso.com', kind: null },
    ]);
  });

  it('still finds a user by UPN once the UPN is no longer one of their addresses', async () => {
    const lee = await mailbox('lee@contoso.com');
    await recipients.updateMailbox(lee.id, { primarySmtpAddress: 'l.chen@contoso.com' });
    await recipients.updateMailbox(lee.id, { removeAddresses: ['lee@contoso.com'] });
    const [found] = await routing.resolveMany(['lee@contoso.com']);
    expect(found).toMatchObject({ kind: 'mailbox', primarySmtpAddress: 'l.chen@contoso.com' });
  });

  it('flattens nested groups, each member once, and stops at a loop in the data', async () => {
    const [pat, lee] = [await mailbox('pat@contoso.com'), await mailbox('lee@contoso.com')];
    const sales = await recipients.addGroup('sales@contoso.com', 'Sales');
    const east = await recipients.addGroup('east@contoso.com', 'East');
    const contact = await recipients.addContact({ address: 'ext@fabrikam.com', displayName: 'E' });
    await recipients.addMember(sales.id, { id: pat.id, kind: 'mailbox' });
    await recipients.addMember(sales.id, { id: east.id, kind: 'group' });
    await recipients.addMember(east.id, { id: lee.id, kind: 'mailbox' });
    await recipients.addMember(east.id, { id: pat.id, kind: 'mailbox' });
    await recipients.addMember(east.id, { id: contact.id, kind: 'contact' });
    // The repository refuses loops; one written behind its back must still end.
    await db.dataSource.query(
      `INSERT INTO directory.group_member (group_id, member_id, member_kind) VALUES ($1, $2, 'group')`,
      [east.id, sales.id],
    );
    const expanded = await routing.expandGroup(sales.id, 100);
    expect(expanded).toEqual({
      members: [
        { kind: 'contact', externalEmailAddress: 'ext@fabrikam.com' },
        {
          kind: 'mailbox',
          primarySmtpAddress: 'lee@contoso.com',
          userPrincipalName: 'lee@contoso.com',
        },
        {
          kind: 'mailbox',
          primarySmtpAddress: 'pat@contoso.com',
          userPrincipalName: 'pat@contoso.com',
        },
      ],
      truncated: false,
    });
    expect(await routing.expandGroup(sales.id, 2)).toMatchObject({ truncated: true });
  });
});
