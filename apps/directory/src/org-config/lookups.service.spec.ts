import { CertificateMapRequest, GalResolveRequest, GalSearchRequest } from '@mail/contracts';
import { parsePayload, type Runtime } from '@mail/runtime';
import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import { RecipientRepository } from '../persistence/recipient.repository';
import { directoryStorage } from '../persistence/storage';
import { ClientAccessService } from './client-access.service';
import { GalService } from './gal.service';
import { CertificateMappingRepository } from './persistence/certificate-mapping.repository';
import { GalRepository } from './persistence/gal.repository';
import { VirtualDirectoryRepository } from './persistence/vdir.repository';

describe.each(DATABASE_BACKENDS)('certificate mapping and the GAL on %s', (_name, open) => {
  let db: OpenedDatabase;
  let recipients: RecipientRepository;
  let clientAccess: ClientAccessService;
  let gal: GalService;
  const user = { passwordHash: null, isAdmin: false, easEnabled: true };
  beforeEach(async () => {
    db = await open(directoryStorage);
    recipients = new RecipientRepository(db.dataSource);
    clientAccess = new ClientAccessService(
      new VirtualDirectoryRepository(db.dataSource),
      new CertificateMappingRepository(db.dataSource),
      { bus: { emit: async () => undefined } } as unknown as Runtime,
    );
    gal = new GalService(new GalRepository(db.dataSource));
    const pat = await recipients.addMailbox({
      ...user,
      address: 'pat.lee@contoso.com',
      displayName: 'Pat Lee',
      person: { givenName: 'Pat', surname: 'Lee', title: 'Engineer', businessPhone: '+1 555 0100' },
    });
    await recipients.updateMailbox(pat.id, { addAddresses: ['p.lee@contoso.com'] });
    await recipients.addMailbox({
      ...user,
      address: 'kim@contoso.com',
      displayName: 'Kim Patterson',
      person: { givenName: 'Kim', surname: 'Patterson' },
    });
    await recipients.addGroup('pat-team@contoso.com', 'Pat Team');
    await recipients.addContact({
      address: 'partner@tailspin.example',
      displayName: 'Tailspin Partner',
    });
    await recipients.addContact({ address: 'x_y@tailspin.example', displayName: 'Xavier' });
  });
  afterEach(() => db.close());

  const map = (payload: unknown) => clientAccess.map(parsePayload(CertificateMapRequest, payload));

  it('maps a certificate by SAN UPN, then SAN email, then an explicit subject', async () => {
    expect(await map({ subject: 'CN=whatever', sanUpn: 'Pat.Lee@contoso.com' })).toEqual({
      userPrincipalName: 'pat.lee@contoso.com',
      mappedBy: 'sanUpn',
    });
    expect(
      await map({ subject: 'CN=x', sanEmails: ['nobody@contoso.com', 'p.lee@contoso.com'] }),
    ).toEqual({
      userPrincipalName: 'pat.lee@contoso.com',
      mappedBy: 'sanEmail',
    });
    await expect(map({ subject: 'CN=Kim Patterson,O=Contoso' })).rejects.toMatchObject({
      code: 'not-found',
    });
    await clientAccess.addMapping('kim@contoso.com', 'CN=Kim Patterson,O=Contoso');
    await clientAccess.addMapping('kim@contoso.com', 'CN=Kim Patterson,O=Contoso');
    expect(await map({ subject: 'CN=Kim Patterson,O=Contoso' })).toEqual({
      userPrincipalName: 'kim@contoso.com',
      mappedBy: 'subject',
    });
    await expect(
      clientAccess.addMapping('pat.lee@contoso.com', 'CN=Kim Patterson,O=Contoso'),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await clientAccess.listMappings('kim@contoso.com')).toEqual({
      certificateMappings: [{ mailbox: 'kim@contoso.com', subject: 'CN=Kim Patterson,O=Contoso' }],
    });
    await clientAccess.removeMapping('kim@contoso.com', 'CN=Kim Patterson,O=Contoso');
    await expect(
      clientAccess.removeMapping('kim@contoso.com', 'CN=Kim Patterson,O=Contoso'),
    ).rejects.toMatchObject({ code: 'not-found' });
    await expect(map({ subject: 'CN=Kim Patterson,O=Contoso' })).rejects.toMatchObject({
      code: 'not-found',
    });
    // A disabled account does not sign in with its certificate either.
    const kim = await recipients.findMailbox('kim@contoso.com');
    await recipients.updateMailbox(kim!.id, { accountDisabled: true });
    await expect(map({ subject: '', sanUpn: 'kim@contoso.com' })).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  const search = (query: string, range: { rangeStart?: number; rangeEnd?: number } = {}) =>
    gal.search(
      parsePayload(GalSearchRequest, { query, userPrincipalName: 'pat.lee@contoso.com', ...range }),
    );

  it('searches the GAL by prefix of names, alias and any address, in display-name order', async () => {
    const pat = await search('PAT');
    expect(pat.total).toBe(3);
    expect(pat.entries.map((e) => e.displayName)).toEqual(['Kim Patterson', 'Pat Lee', 'Pat Team']);
    expect(pat.entries[1]).toEqual({
      kind: 'mailbox',
      displayName: 'Pat Lee',
      alias: 'pat.lee',
      emailAddress: 'pat.lee@contoso.com',
      firstName: 'Pat',
      lastName: 'Lee',
      title: 'Engineer',
      phone: '+1 555 0100',
    });
    expect((await search('p.lee@')).entries.map((e) => e.emailAddress)).toEqual([
      'pat.lee@contoso.com',
    ]);
    expect((await search('tailspin')).entries.map((e) => e.kind)).toEqual(['contact']);
    expect((await search('partner@')).entries[0]).toMatchObject({
      kind: 'contact',
      alias: 'partner',
    });
    expect((await search('Lee')).entries.map((e) => e.displayName)).toEqual(['Pat Lee']);
    expect((await search('ee')).total).toBe(0);
    // `_` is a literal character, not a wildcard.
    expect((await search('x_')).entries.map((e) => e.displayName)).toEqual(['Xavier']);
    expect((await search('xy')).total).toBe(0);
  });

  it('pages the GAL with EAS ranges and bounds them', async () => {
    const page = await search('pat', { rangeStart: 1, rangeEnd: 1 });
    expect(page).toEqual({
      total: 3,
      entries: [expect.objectContaining({ displayName: 'Pat Lee' })],
    });
    expect((await search('pat', { rangeStart: 5, rangeEnd: 9 })).entries).toEqual([]);
    expect(() =>
      parsePayload(GalSearchRequest, {
        query: 'p',
        userPrincipalName: 'pat.lee@contoso.com',
        rangeStart: 0,
        rangeEnd: 100,
      }),
    ).toThrow(/rangeEnd/);
    expect(() =>
      parsePayload(GalSearchRequest, { query: '', userPrincipalName: 'pat.lee@contoso.com' }),
    ).toThrow(/query/);
    await expect(
      gal.search(
        parsePayload(GalSearchRequest, { query: 'p', userPrincipalName: 'nobody@contoso.com' }),
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('resolves names: an exact address first, else prefixes, marking ambiguity', async () => {
    const { resolutions } = await gal.resolve(
      parsePayload(GalResolveRequest, { names: ['pat.lee@contoso.com', 'pat', 'kim', 'nobody'] }),
    );
    expect(
      resolutions.map((r) => [r.name, r.ambiguous, r.recipients.map((e) => e.emailAddress)]),
    ).toEqual([
      ['pat.lee@contoso.com', false, ['pat.lee@contoso.com']],
      ['pat', true, ['kim@contoso.com', 'pat.lee@contoso.com', 'pat-team@contoso.com']],
      ['kim', false, ['kim@contoso.com']],
      ['nobody', false, []],
    ]);
    expect(() => parsePayload(GalResolveRequest, { names: Array(101).fill('a') })).toThrow(/names/);
  });

  it('answers a GAL prefix search from the indexes', async () => {
    await db.dataSource.query('SET enable_seqscan = off');
    const plan = await db.dataSource.query(
      `EXPLAIN SELECT id FROM directory.mailbox_user WHERE lower(display_name) LIKE 'pat%'`,
    );
    expect(JSON.stringify(plan)).toContain('gal_user_display_name');
  });
});
