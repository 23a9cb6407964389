/**
 * The address book over real HTTPS: GAL Search and Find find a colleague (with the photo an
 * administrator set with `mailctl mailbox photo`, within MaxSize and MaxPictures), the
 * DocumentLibrary store is refused, ResolveRecipients resolves a colleague (free/busy merged
 * from their calendar, a recurring meeting included; the S/MIME certificate published with
 * `mailctl mailbox certificate`, within MaxCertificates; the photo), an ambiguous
 * name, one of the user's own contacts and an unknown name; malformed bodies get each
 * command's protocol-error status.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { FOLDER_TYPE, FolderListSubject, ItemCreate } from '@mail/contracts';
import { createBusTransport, type BusTransport } from '@mail/runtime';
import {
  EasClient,
  TEST_NATS_URL,
  createTestDatabase,
  findAll,
  startStack,
  textOf,
  uniqueName,
  type EasVersion,
  type Stack,
  type TestDatabase,
} from '@mail/runtime/testing';

const ADMIN = { user: 'admin@contoso.com', password: 'Admin-Password-1' };
const PAT = { user: 'pat@contoso.com', password: 'Pat-Password-1' };
/** A 1x1 PNG. */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const galSearch = (query: string, options = '') =>
  `<Search xmlns="Search:"><Store><Name>GAL</Name><Query>${query}</Query><Options>${options}</Options></Store></Search>`;
const resolve = (names: string[], options = '') =>
  `<ResolveRecipients xmlns="ResolveRecipients:">${names.map((n) => `<To>${n}</To>`).join('')}${options ? `<Options>${options}</Options>` : ''}</ResolveRecipients>`;

jest.setTimeout(60_000);

describe('the GAL over EAS: Search, Find, ResolveRecipients', () => {
  let stack: Stack;
  let database: TestDatabase;
  let transport: BusTransport;
  let robinCertificate: string;
  const device = (deviceId: string, version: EasVersion = '16.1') =>
    new EasClient({
      port: stack.ports.https,
      ca: stack.ca,
      ...PAT,
      deviceId,
      version,
      autoProvision: true,
    });

  async function folderOf(mailbox: string, type: number): Promise<string> {
    const { folders } = await transport.client.request(FolderListSubject, { mailbox });
    return folders.find((f) => f.type === type)!.id;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    const prefix = uniqueName('gal');
    stack = await startStack({
      env: {
        ORG_DOMAIN: 'contoso.com',
        ADMIN_PASSWORD: ADMIN.password,
        DATABASE_URL: database.url,
        NATS_URL: TEST_NATS_URL,
        BUS_PREFIX: prefix,
      },
      startTimeoutMs: 90_000,
    });
    transport = createBusTransport({
      natsServers: [TEST_NATS_URL],
      prefix,
      timeoutMs: 10_000,
      drainTimeoutMs: 500,
      name: 'gal-e2e',
    });
    const add = (address: string, name: string, extra: string[] = []) =>
      stack.mailctlJson(
        ['mailbox', 'add', address, '--display-name', name, '--password', PAT.password, ...extra],
        ADMIN,
      );
    await add(PAT.user, 'Pat Lee');
    await add('robin@contoso.com', 'Robin Smith', [
      '--title',
      'Engineer',
      '--mobile-phone',
      '+15550123',
    ]);
    await add('robin.jones@contoso.com', 'Robin Jones');
    const photo = join(mkdtempSync(join(tmpdir(), 'gal-photo-')), 'robin.png');
    writeFileSync(photo, PHOTO);
    await stack.mailctlJson(['mailbox', 'photo', 'robin@contoso.com', '--file', photo], ADMIN);
    const { cert } = await generate([{ name: 'commonName', value: 'Robin Smith' }], {
      keyType: 'ec',
      extensions: [{ name: 'extKeyUsage', emailProtection: true }],
    });
    robinCertificate = new X509Certificate(cert).raw.toString('base64');
    const certificateFile = join(mkdtempSync(join(tmpdir(), 'gal-cert-')), 'robin.pem');
    writeFileSync(certificateFile, cert);
    await stack.mailctlJson(
      ['mailbox', 'certificate', 'robin@contoso.com', '--file', certificateFile],
      ADMIN,
    );

    // Robin is busy 09:00-10:00 UTC every Monday and out of office on 2026-03-03 from 12:00.
    await transport.client.request(ItemCreate, {
      mailbox: 'robin@contoso.com',
      folderId: await folderOf('robin@contoso.com', FOLDER_TYPE.calendar),
      class: 'Calendar',
      properties: {
        Subject: 'Weekly sync',
        StartTime: '2026-02-23T09:00:00.000Z',
        EndTime: '2026-02-23T10:00:00.000Z',
        BusyStatus: 2,
        Recurrence: { Type: 1, Interval: 1, DayOfWeek: 2 },
      },
    });
    await transport.client.request(ItemCreate, {
      mailbox: 'robin@contoso.com',
      folderId: await folderOf('robin@contoso.com', FOLDER_TYPE.calendar),
      class: 'Calendar',
      properties: {
        Subject: 'Away',
        StartTime: '2026-03-03T12:00:00.000Z',
        EndTime: '2026-03-03T13:00:00.000Z',
        BusyStatus: 3,
      },
    });
    await transport.client.request(ItemCreate, {
      mailbox: PAT.user,
      folderId: await folderOf(PAT.user, FOLDER_TYPE.contacts),
      class: 'Contacts',
      properties: {
        FirstName: 'Casey',
        LastName: 'Fabrikam',
        Email1Address: '"Casey" <casey@fabrikam.com>',
      },
    });
  }, 150_000);
  afterAll(async () => {
    await stack?.stop();
    await transport?.client.close();
    await database?.drop();
  });

  it('finds colleagues in the GAL with their photo within MaxSize and MaxPictures', async () => {
    const phone = device('GalPhone');
    const answer = await phone.send(
      'Search',
      galSearch(
        'robin',
        '<Range>0-9</Range><Picture><MaxSize>1024</MaxSize><MaxPictures>5</MaxPictures></Picture>',
      ),
    );
    expect(answer.easStatus).toBe(1);
    const store = findAll(answer.tree, 'Store')[0];
    expect(textOf(store, 'Status')).toBe('1');
    expect(textOf(store, 'Range')).toBe('0-1');
    expect(textOf(store, 'Total')).toBe('2');
    const results = findAll(store, 'Result');
    expect(results.map((r) => textOf(r, 'DisplayName'))).toEqual(['Robin Jones', 'Robin Smith']);
    const robin = results[1];
    expect(textOf(robin, 'EmailAddress')).toBe('robin@contoso.com');
    expect(textOf(robin, 'Title')).toBe('Engineer');
    expect(textOf(robin, 'MobilePhone')).toBe('+15550123');
    const picture = findAll(robin, 'Picture')[0];
    expect(textOf(picture, 'Status')).toBe('1');
    expect(Buffer.from(textOf(picture, 'Data')!, 'base64').equals(PHOTO)).toBe(true);
    expect(textOf(findAll(results[0], 'Picture')[0], 'Status')).toBe('173');

    const small = await phone.send(
      'Search',
      galSearch('robin s', '<Picture><MaxSize>10</MaxSize></Picture>'),
    );
    expect(textOf(findAll(small.tree, 'Picture')[0], 'Status')).toBe('174');
    const none = await phone.send(
      'Search',
      galSearch('robin s', '<Picture><MaxPictures>0</MaxPictures></Picture>'),
    );
    expect(textOf(findAll(none.tree, 'Picture')[0], 'Status')).toBe('175');
    const old = await device('GalOld', '14.0').send(
      'Search',
      galSearch('robin s', '<Range>0-0</Range>'),
    );
    expect(findAll(old.tree, 'Picture')).toHaveLength(0);
    expect(textOf(old.tree, 'Range')).toBe('0-0');
  });

  it('refuses the DocumentLibrary store', async () => {
    const phone = device('StorePhone');
    const library = await phone.send(
      'Search',
      '<Search xmlns="Search:"><Store><Name>DocumentLibrary</Name><Query><EqualTo><LinkId xmlns="DocumentLibrary:"/><Value>\\\\server\\share</Value></EqualTo></Query></Store></Search>',
    );
    expect(textOf(findAll(library.tree, 'Store')[0], 'Status')).toBe('5');
  });

  it('finds a colleague with Find (16.1)', async () => {
    const answer = await device('FindPhone').send(
      'Find',
      `<Find xmlns="Find:"><SearchId>6A2F5C24-8C77-4A1F-9E51-0D6B2E8F1A10</SearchId><ExecuteSearch><GalSearchCriterion><Query>Robin S</Query><Options><Range>0-4</Range><Picture><MaxPictures>1</MaxPictures></Picture></Options></GalSearchCriterion></ExecuteSearch></Find>`,
    );
    expect(answer.easStatus).toBe(1);
    const response = findAll(answer.tree, 'Response')[0];
    expect(textOf(response, 'Store')).toBe('GAL');
    expect(textOf(response, 'Status')).toBe('1');
    expect(textOf(response, 'Total')).toBe('1');
    expect(textOf(response, 'EmailAddress')).toBe('robin@contoso.com');
    expect(textOf(findAll(response, 'Picture')[0], 'Status')).toBe('1');
  });

  it('resolves a colleague with free/busy and photo, an ambiguous name, a contact, an unknown name', async () => {
    const answer = await device('ResolvePhone').send(
      'ResolveRecipients',
      resolve(
        ['robin@contoso.com', 'robin', 'casey', 'nobody-here'],
        '<CertificateRetrieval>2</CertificateRetrieval><MaxAmbiguousRecipients>5</MaxAmbiguousRecipients>' +
          '<Availability><StartTime>2026-03-02T08:00:00.000Z</StartTime><EndTime>2026-03-03T14:00:00.000Z</EndTime></Availability>' +
          '<Picture><MaxSize>4096</MaxSize></Picture>',
      ),
    );
    expect(answer.easStatus).toBe(1);
    const [exact, ambiguous, contact, unknown] = findAll(answer.tree, 'Response');
    expect(textOf(exact, 'Status')).toBe('1');
    expect(textOf(exact, 'Type')).toBe('1');
    expect(textOf(exact, 'DisplayName')).toBe('Robin Smith');
    const freeBusy = textOf(exact, 'MergedFreeBusy')!;
    expect(freeBusy).toHaveLength(60);
    // Monday 09:00-10:00 is slots 2-3; Tuesday 12:00-13:00 is slots 56-57.
    expect(freeBusy.slice(0, 6)).toBe('002200');
    expect(freeBusy.slice(54, 60)).toBe('003300');
    const certificates = findAll(exact, 'Certificates')[0];
    expect(textOf(certificates, 'Status')).toBe('1');
    expect(textOf(certificates, 'CertificateCount')).toBe('1');
    expect(textOf(certificates, 'Certificate')).toBe(robinCertificate);
    const others = findAll(ambiguous, 'Certificates').map((c) => textOf(c, 'Status'));
    expect(others.sort()).toEqual(['1', '7']);
    expect(textOf(findAll(contact, 'Certificates')[0], 'Status')).toBe('7');
    expect(textOf(findAll(exact, 'Picture')[0], 'Status')).toBe('1');

    expect(textOf(ambiguous, 'Status')).toBe('2');
    expect(textOf(ambiguous, 'RecipientCount')).toBe('2');
    expect(textOf(contact, 'Status')).toBe('1');
    expect(textOf(contact, 'Type')).toBe('2');
    expect(textOf(contact, 'EmailAddress')).toBe('casey@fabrikam.com');
    expect(textOf(findAll(contact, 'Availability')[0], 'Status')).toBe('163');
    expect(textOf(unknown, 'Status')).toBe('4');
    expect(textOf(unknown, 'RecipientCount')).toBe('0');
  });

  it('stops giving certificates at MaxCertificates', async () => {
    const answer = await device('CertLimitPhone').send(
      'ResolveRecipients',
      resolve(
        ['robin@contoso.com'],
        '<CertificateRetrieval>2</CertificateRetrieval><MaxCertificates>0</MaxCertificates>',
      ),
    );
    const certificates = findAll(answer.tree, 'Certificates')[0];
    expect(textOf(certificates, 'Status')).toBe('8');
    expect(findAll(certificates, 'Certificate')).toHaveLength(0);
  });

  it('shows no photo once the administrator removes it', async () => {
    const usage = await stack.mailctl(['mailbox', 'photo', 'robin@contoso.com'], ADMIN);
    expect(usage.code).toBe(2);
    await stack.mailctlJson(['mailbox', 'photo', 'robin@contoso.com', '--remove'], ADMIN);
    const answer = await device('GalPhone').send(
      'Search',
      galSearch('robin s', '<Picture><MaxPictures>5</MaxPictures></Picture>'),
    );
    expect(textOf(findAll(answer.tree, 'Picture')[0], 'Status')).toBe('173');
  });

  it('answers malformed bodies with each command’s protocol-error status', async () => {
    const phone = device('BadGalPhone');
    const search = await phone.send('Search', '<Search xmlns="Search:"/>');
    expect(textOf(findAll(search.tree, 'Store')[0], 'Status')).toBe('2');
    const badRange = await phone.send('Search', galSearch('robin', '<Range>9-1</Range>'));
    expect(textOf(findAll(badRange.tree, 'Store')[0], 'Status')).toBe('2');
    expect(
      (await phone.send('ResolveRecipients', '<ResolveRecipients xmlns="ResolveRecipients:"/>'))
        .easStatus,
    ).toBe(5);
    expect(
      (
        await phone.send(
          'Find',
          '<Find xmlns="Find:"><ExecuteSearch><GalSearchCriterion><Query>x</Query></GalSearchCriterion></ExecuteSearch></Find>',
        )
      ).easStatus,
    ).toBe(2);
  });
});
