import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import { DirectoryRepository } from './directory.repository';
import { RecipientRepository } from './recipient.repository';
import { directoryStorage } from './storage';

describe.each(DATABASE_BACKENDS)('DirectoryRepository on %s', (_name, open) => {
  let db: OpenedDatabase;
  let directory: DirectoryRepository;
  let recipients: RecipientRepository;
  const user = { passwordHash: null, isAdmin: false, easEnabled: true, person: {} };
  beforeEach(async () => {
    db = await open(directoryStorage);
    directory = new DirectoryRepository(db.dataSource);
    recipients = new RecipientRepository(db.dataSource);
  });
  afterEach(() => db.close());

  it('adds an accepted domain once, in lower case', async () => {
    expect(await directory.ensureAcceptedDomain('Contoso.com', 'Authoritative', true)).toBe(true);
    expect(await directory.ensureAcceptedDomain('contoso.com', 'InternalRelay', false)).toBe(false);
    const domains = await directory.listAcceptedDomains();
    expect(domains).toEqual([
      expect.objectContaining({
        name: 'contoso.com',
        domainType: 'Authoritative',
        isDefault: true,
      }),
    ]);
    expect(domains[0].createdAt).toBeInstanceOf(Date);
  });

  it('refuses a second default domain and an unknown domain type', async () => {
    await directory.ensureAcceptedDomain('contoso.com', 'Authoritative', true);
    await expect(
      directory.ensureAcceptedDomain('fabrikam.com', 'Authoritative', true),
    ).rejects.toMatchObject({ code: '23505' });
    await expect(
      directory.ensureAcceptedDomain('tailspin.com', 'Relay' as never, false),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('finds users by principal name and alias, and changes a password hash', async () => {
    await recipients.addMailbox({
      ...user,
      address: 'Pat.Lee@Contoso.com',
      displayName: 'Pat Lee',
      passwordHash: 'old',
    });
    await recipients.addMailbox({
      ...user,
      address: 'pat.lee@fabrikam.com',
      displayName: 'Pat Lee (F)',
    });
    expect(await directory.findUserByPrincipalName('PAT.LEE@contoso.com')).toMatchObject({
      displayName: 'Pat Lee',
    });
    expect(await directory.findUsersByAlias('Pat.Lee')).toHaveLength(2); // ambiguous: two domains
    expect(await directory.setPasswordHash('pat.lee@contoso.com', 'new')).toBe(true);
    expect(await directory.setPasswordHash('nobody@contoso.com', 'new')).toBe(false);
    expect((await directory.findUserByPrincipalName('pat.lee@contoso.com'))?.passwordHash).toBe(
      'new',
    );
  });

  it('counts active administrators and the addresses using a domain', async () => {
    await recipients.addMailbox({
      ...user,
      address: 'root@contoso.com',
      displayName: 'Root',
      isAdmin: true,
    });
    await recipients.addMailbox({ ...user, address: 'kim@contoso.com', displayName: 'Kim' });
    expect(await directory.countAdmins()).toBe(1);
    expect(await directory.countAddressesInDomain('contoso.com')).toBe(2);
    expect(await directory.countAddressesInDomain('contoso_com')).toBe(0); // '_' is not a wildcard
  });
});
