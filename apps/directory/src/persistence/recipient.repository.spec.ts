import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import { DirectoryConflictError } from './directory.repository';
import { RecipientRepository } from './recipient.repository';
import { directoryStorage } from './storage';

describe.each(DATABASE_BACKENDS)('RecipientRepository on %s', (_name, open) => {
  let db: OpenedDatabase;
  let recipients: RecipientRepository;
  const user = { passwordHash: null, isAdmin: false, easEnabled: true, person: {} };
  beforeEach(async () => {
    db = await open(directoryStorage);
    recipients = new RecipientRepository(db.dataSource);
  });
  afterEach(() => db.close());

  it('adds a mailbox with its person fields and primary address', async () => {
    const row = await recipients.addMailbox({
      ...user,
      address: 'Pat@Contoso.com',
      displayName: 'Pat Lee',
      person: { givenName: 'Pat', mobilePhone: '+1 555 0100' },
    });
    expect(row).toMatchObject({
      userPrincipalName: 'pat@contoso.com',
      primarySmtpAddress: 'pat@contoso.com',
      givenName: 'Pat',
      mobilePhone: '+1 555 0100',
      addresses: ['pat@contoso.com'],
    });
  });

  it('refuses an address used by any recipient, leaving nothing half written', async () => {
    await recipients.addGroup('sales@contoso.com', 'Sales');
    await expect(
      recipients.addMailbox({ ...user, address: 'sales@contoso.com', displayName: 'X' }),
    ).rejects.toBeInstanceOf(DirectoryConflictError);
    await recipients.addContact({ address: 'ext@fabrikam.com', displayName: 'Ext' });
    await expect(
      recipients.addMailbox({ ...user, address: 'ext@fabrikam.com', displayName: 'X' }),
    ).rejects.toBeInstanceOf(DirectoryConflictError);
    const [{ count }] = await db.dataSource.query(
      'SELECT count(*)::int AS count FROM directory.mailbox_user',
    );
    expect(count).toBe(0);
  });

  it('adds proxy addresses, swaps the primary, refuses to remove the primary', async () => {
    const row = await recipients.addMailbox({
      ...user,
      address: 'pat@contoso.com',
      displayName: 'Pat',
    });
    await recipients.updateMailbox(row.id, {
      addAddresses: ['p.lee@contoso.com'],
      primarySmtpAddress: 'pat.lee@contoso.com',
      displayName: 'Pat Lee',
    });
    const changed = await recipients.findMailbox('p.lee@contoso.com');
    expect(changed).toMatchObject({
      primarySmtpAddress: 'pat.lee@contoso.com',
      displayName: 'Pat Lee',
    });
    expect(changed!.addresses.sort()).toEqual([
      'p.lee@contoso.com',
      'pat.lee@contoso.com',
      'pat@contoso.com',
    ]);
    await expect(
      recipients.updateMailbox(row.id, { removeAddresses: ['pat.lee@contoso.com'] }),
    ).rejects.toBeInstanceOf(DirectoryConflictError);
    await recipients.updateMailbox(row.id, { removeAddresses: ['pat@contoso.com'] });
    expect((await recipients.findMailbox('pat.lee@contoso.com'))!.addresses.sort()).toEqual([
      'p.lee@contoso.com',
      'pat.lee@contoso.com',
    ]);
  });

  it('nests groups, lists members and memberships, and refuses loops', async () => {
    const pat = await recipients.addMailbox({
      ...user,
      address: 'pat@contoso.com',
      displayName: 'Pat',
    });
    const all = await recipients.addGroup('all@contoso.com', 'Everyone');
    const sales = await recipients.addGroup('sales@contoso.com', 'Sales');
    const ext = await recipients.addContact({
      address: 'ext@fabrikam.com',
      displayName: 'Partner',
    });
    await recipients.addMember(sales.id, { id: pat.id, kind: 'mailbox' });
    await recipients.addMember(sales.id, { id: ext.id, kind: 'contact' });
    await recipients.addMember(all.id, { id: sales.id, kind: 'group' });
    await recipients.addMember(all.id, { id: sales.id, kind: 'group' }); // idempotent

    expect((await recipients.findGroup('sales@contoso.com'))!.members).toEqual([
      { kind: 'contact', address: 'ext@fabrikam.com', displayName: 'Partner', alias: null },
      { kind: 'mailbox', address: 'pat@contoso.com', displayName: 'Pat', alias: 'pat' },
    ]);
    expect((await recipients.findGroup('all@contoso.com'))!.members).toEqual([
      { kind: 'group', address: 'sales@contoso.com', displayName: 'Sales', alias: 'sales' },
    ]);
    expect((await recipients.findMailbox('pat@contoso.com'))!.memberOf).toEqual([
      'sales@contoso.com',
    ]);
    await expect(recipients.addMember(sales.id, { id: all.id, kind: 'group' })).rejects.toThrow(
      /loop/,
    );

    expect(await recipients.removeMember(all.id, pat.id)).toBe(false); // not a direct member
    expect(await recipients.removeMember(all.id, sales.id)).toBe(true);
    expect(await recipients.removeMember(all.id, sales.id)).toBe(false);

    await recipients.removeMailbox(pat.id);
    expect((await recipients.findGroup('sales@contoso.com'))!.members).toHaveLength(1);
  });

  it('searches by prefix of name or address, and pages', async () => {
    for (const [address, displayName, givenName] of [
      ['ann@contoso.com', 'Ann Archer', 'Ann'],
      ['bob@contoso.com', 'Bob Baker', 'Bob'],
      ['cat@fabrikam.com', 'Cat Archer', 'Cat'],
    ]) {
      await recipients.addMailbox({
        ...user,
        address,
        displayName,
        person: { givenName, surname: displayName.split(' ')[1] },
      });
    }
    const names = (result: { rows: Array<{ displayName: string }> }) =>
      result.rows.map((r) => r.displayName);
    expect(
      names(await recipients.listMailboxes({ search: 'archer', offset: 0, limit: 10 })),
    ).toEqual(['Ann Archer', 'Cat Archer']);
    expect(names(await recipients.listMailboxes({ search: 'bo', offset: 0, limit: 10 }))).toEqual([
      'Bob Baker',
    ]);
    expect(names(await recipients.listMailboxes({ search: '%', offset: 0, limit: 10 }))).toEqual(
      [],
    );
    expect(
      names(await recipients.listMailboxes({ domain: 'fabrikam.com', offset: 0, limit: 10 })),
    ).toEqual(['Cat Archer']);
    const page = await recipients.listMailboxes({ offset: 1, limit: 1 });
    expect({ total: page.total, names: names(page) }).toEqual({ total: 3, names: ['Bob Baker'] });
  });
});
