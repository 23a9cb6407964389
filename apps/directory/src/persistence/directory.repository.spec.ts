import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import { DirectoryConflictError, DirectoryRepository } from './directory.repository';
import { directoryStorage } from './storage';

describe.each(DATABASE_BACKENDS)('DirectoryRepository on %s', (_name, open) => {
  let db: OpenedDatabase;
  let directory: DirectoryRepository;
  beforeEach(async () => {
    db = await open(directoryStorage);
    directory = new DirectoryRepository(db.dataSource);
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

  it('creates users, finds them by principal name and alias, and refuses duplicates', async () => {
    const created = await directory.createUser({
      userPrincipalName: 'Pat.Lee@Contoso.com',
      displayName: 'Pat Lee',
      passwordHash: 'h1',
    });
    expect(created).toMatchObject({
      userPrincipalName: 'pat.lee@contoso.com',
      alias: 'pat.lee',
      isAdmin: false,
      easEnabled: true,
    });
    await directory.createUser({
      userPrincipalName: 'pat.lee@fabrikam.com',
      displayName: 'Pat Lee (F)',
      passwordHash: null,
    });

    expect(await directory.findUserByPrincipalName('PAT.LEE@contoso.com')).toMatchObject({
      displayName: 'Pat Lee',
    });
    expect(await directory.findUsersByAlias('Pat.Lee')).toHaveLength(2); // ambiguous: two domains
    await expect(
      directory.createUser({
        userPrincipalName: 'pat.lee@contoso.com',
        displayName: 'Again',
        passwordHash: null,
      }),
    ).rejects.toBeInstanceOf(DirectoryConflictError);
  });

  it('changes a password hash and says whether the user existed', async () => {
    await directory.createUser({
      userPrincipalName: 'kim@contoso.com',
      displayName: 'Kim',
      passwordHash: 'old',
    });
    expect(await directory.setPasswordHash('kim@contoso.com', 'new')).toBe(true);
    expect(await directory.setPasswordHash('nobody@contoso.com', 'new')).toBe(false);
    expect((await directory.findUserByPrincipalName('kim@contoso.com'))?.passwordHash).toBe('new');
  });
});
