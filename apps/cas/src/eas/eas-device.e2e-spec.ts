/**
 * A device's first steps against a running stack over HTTPS, at protocol versions 2.5, 12.1,
 * 14.1 and 16.1: OPTIONS, the request to provision (449 or Status 142), both Provision phases,
 * then the folder hierarchy: every folder from SyncKey 0 (parents before children, Outbox and
 * Drafts there), nothing new under the same key, folders created, renamed, moved and deleted
 * through EAS and seen by another device of the same user, a lost answer sent again, a stale
 * key refused with 9; the base64 query form; policy keys that follow the version's settings.
 */
import {
  EasClient,
  findAll,
  startStack,
  textOf,
  type EasAnswer,
  type EasVersion,
  type Stack,
} from '@mail/runtime/testing';

const ADMIN = { user: 'admin@contoso.com', password: 'Admin-Password-1' };
const PAT = { user: 'pat@contoso.com', password: 'Pat-Password-1' };

const folderSync = (key: string) =>
  `<FolderSync xmlns="FolderHierarchy:"><SyncKey>${key}</SyncKey></FolderSync>`;
const provisionRequest = (type: string) =>
  `<Provision xmlns="Provision:"><Policies><Policy><PolicyType>${type}</PolicyType></Policy></Policies></Provision>`;

interface WireFolder {
  id: string;
  parentId: string;
  name: string;
  type: number;
}
const adds = (answer: EasAnswer): WireFolder[] =>
  findAll(answer.tree, 'Add').map((add) => ({
    id: textOf(add, 'ServerId')!,
    parentId: textOf(add, 'ParentId')!,
    name: textOf(add, 'DisplayName')!,
    type: Number(textOf(add, 'Type')),
  }));

jest.setTimeout(60_000);

describe('an EAS device: OPTIONS, provisioning, the folder hierarchy', () => {
  let stack: Stack;
  const device = (deviceId: string, version: EasVersion = '14.1', extra = {}) =>
    new EasClient({ port: stack.ports.https, ca: stack.ca, ...PAT, deviceId, version, ...extra });

  beforeAll(async () => {
    stack = await startStack({
      env: { ORG_DOMAIN: 'contoso.com', ADMIN_PASSWORD: ADMIN.password },
      startTimeoutMs: 90_000,
    });
    await stack.mailctlJson(
      ['mailbox', 'add', PAT.user, '--display-name', 'Pat Lee', '--password', PAT.password],
      ADMIN,
    );
  }, 120_000);
  afterAll(() => stack?.stop());

  it.each<EasVersion>(['2.5', '12.1', '14.1', '16.1'])(
    'a fresh device at %s provisions and gets every folder',
    async (version) => {
      const phone = device(`Fresh${version.replace('.', '')}`, version);
      const options = await phone.options();
      expect(options.status).toBe(200);
      expect(options.headers['ms-asprotocolversions']).toBe('2.5,12.0,12.1,14.0,14.1,16.0,16.1');
      expect(String(options.headers['ms-asprotocolcommands']).split(',')).toEqual(
        expect.arrayContaining(['Provision', 'FolderSync', 'FolderCreate']),
      );
      expect(options.headers['ms-server-activesync']).toBeDefined();

      const refused = await phone.send('FolderSync', folderSync('0'));
      if (version === '14.1' || version === '16.1') {
        expect(refused.status).toBe(200);
        expect(refused.easStatus).toBe(142);
      } else expect(refused.status).toBe(449);

      const type = version === '2.5' ? 'MS-WAP-Provisioning-XML' : 'MS-EAS-Provisioning-WBXML';
      const download = await phone.send('Provision', provisionRequest(type), { policyKey: '0' });
      expect(download.easStatus).toBe(1);
      expect(textOf(download.tree, 'PolicyType')).toBe(type);
      if (version === '2.5')
        expect(textOf(download.tree, 'Data')).toMatch(/^<wap-provisioningdoc>/);
      else expect(findAll(download.tree, 'EASProvisionDoc')).toHaveLength(1);
      const key = await phone.provision();
      expect(key).toMatch(/^\d+$/);

      const sync = await phone.send('FolderSync', folderSync('0'));
      expect(sync.easStatus).toBe(1);
      expect(textOf(sync.tree, 'SyncKey')).toBe('1');
      const folders = adds(sync);
      expect(Number(textOf(sync.tree, 'Count'))).toBe(folders.length);
      expect(folders.map((f) => f.type)).toEqual(expect.arrayContaining([2, 3, 4, 5, 6]));
      expect(folders.every((f) => f.parentId === '0')).toBe(true);

      const unchanged = await phone.send('FolderSync', folderSync('1'));
      expect(unchanged.easStatus).toBe(1);
      expect(textOf(unchanged.tree, 'SyncKey')).toBe('1');
      expect(textOf(unchanged.tree, 'Count')).toBe('0');
    },
  );

  it('speaks the base64 query form, and keys follow the settings a version carries', async () => {
    const phone = device('Base64Dev', '16.1', { queryForm: 'base64', autoProvision: true });
    const sync = await phone.send('FolderSync', folderSync('0'));
    expect(sync.easStatus).toBe(1);
    const old = device('OldDev', '12.0', { autoProvision: true });
    const recent = device('RecentDev', '14.1', { autoProvision: true });
    await old.send('FolderSync', folderSync('0'));
    await recent.send('FolderSync', folderSync('0'));

    // A 12.1+ setting changes: the 12.0 key stays valid (no loop), the 14.1 key must refresh.
    await stack.mailctlJson(['policy', 'set', 'Default', '--set', 'AllowBluetooth=0'], ADMIN);
    expect((await old.send('FolderSync', folderSync('1'))).easStatus).toBe(1);
    expect(
      (await recent.send('FolderSync', folderSync('1'), { noProvision: true })).easStatus,
    ).toBe(143);
    expect((await recent.send('FolderSync', folderSync('1'))).easStatus).toBe(1);
    const wrong = await recent.send('FolderSync', folderSync('1'), {
      policyKey: '12345',
      noProvision: true,
    });
    expect(wrong.easStatus).toBe(144);
  });

  it('creates, renames, moves and deletes folders; another device sees each change', async () => {
    const phone = device('EditorDev', '14.1', { autoProvision: true });
    const tablet = device('ReaderDev', '16.1', { autoProvision: true });
    const start = adds(await phone.send('FolderSync', folderSync('0')));
    await tablet.send('FolderSync', folderSync('0'));
    const inbox = start.find((f) => f.type === 2)!;

    const create = (key: string, parentId: string, name: string) =>
      phone.send(
        'FolderCreate',
        `<FolderCreate xmlns="FolderHierarchy:"><SyncKey>${key}</SyncKey><ParentId>${parentId}</ParentId>` +
          `<DisplayName>${name}</DisplayName><Type>12</Type></FolderCreate>`,
      );
    const projects = await create('1', inbox.id, 'Projects');
    expect(projects.easStatus).toBe(1);
    expect(textOf(projects.tree, 'SyncKey')).toBe('2');
    const projectsId = textOf(projects.tree, 'ServerId')!;
    const alpha = await create('2', projectsId, 'Alpha');
    expect(textOf(alpha.tree, 'SyncKey')).toBe('3');
    expect((await create('3', projectsId, 'alpha')).easStatus).toBe(2); // the name exists
    expect((await create('3', 'no-such-folder', 'Beta')).easStatus).toBe(5);
    expect((await create('42', '0', 'Gamma')).easStatus).toBe(9);

    // The device that made them sees nothing new; the other gets them parents first.
    expect(textOf((await phone.send('FolderSync', folderSync('3'))).tree, 'Count')).toBe('0');
    const seen = await tablet.send('FolderSync', folderSync('1'));
    expect(adds(seen).map((f) => f.name)).toEqual(['Projects', 'Alpha']);
    expect(adds(seen)[1].parentId).toBe(projectsId);

    const update = await phone.send(
      'FolderUpdate',
      `<FolderUpdate xmlns="FolderHierarchy:"><SyncKey>3</SyncKey><ServerId>${projectsId}</ServerId>` +
        `<ParentId>0</ParentId><DisplayName>Work</DisplayName></FolderUpdate>`,
    );
    expect(update.easStatus).toBe(1);
    const renamed = await tablet.send('FolderSync', folderSync('2'));
    expect(
      findAll(renamed.tree, 'Update').map((u) => [textOf(u, 'DisplayName'), textOf(u, 'ParentId')]),
    ).toEqual([['Work', '0']]);
    const inboxUpdate = await phone.send(
      'FolderUpdate',
      `<FolderUpdate xmlns="FolderHierarchy:"><SyncKey>4</SyncKey><ServerId>${inbox.id}</ServerId>` +
        `<ParentId>0</ParentId><DisplayName>Mail</DisplayName></FolderUpdate>`,
    );
    expect(inboxUpdate.easStatus).toBe(2); // a default folder keeps its name

    const removeInbox = await phone.send(
      'FolderDelete',
      `<FolderDelete xmlns="FolderHierarchy:"><SyncKey>4</SyncKey><ServerId>${inbox.id}</ServerId></FolderDelete>`,
    );
    expect(removeInbox.easStatus).toBe(3);
    const remove = await phone.send(
      'FolderDelete',
      `<FolderDelete xmlns="FolderHierarchy:"><SyncKey>4</SyncKey><ServerId>${projectsId}</ServerId></FolderDelete>`,
    );
    expect(remove.easStatus).toBe(1);
    expect(textOf(remove.tree, 'SyncKey')).toBe('5');
    const deleted = await tablet.send('FolderSync', folderSync('3'));
    expect(findAll(deleted.tree, 'Delete').map((d) => textOf(d, 'ServerId'))).toEqual([projectsId]);
  });

  it('sends a lost answer again for the previous SyncKey, and refuses a stale key with 9', async () => {
    const phone = device('LossyDev', '14.1', { autoProvision: true });
    const other = device('OtherDev', '14.1', { autoProvision: true });
    await phone.send('FolderSync', folderSync('0'));
    const created = await other.send('FolderSync', folderSync('0'));
    const key = textOf(created.tree, 'SyncKey')!;
    await other.send(
      'FolderCreate',
      `<FolderCreate xmlns="FolderHierarchy:"><SyncKey>${key}</SyncKey><ParentId>0</ParentId>` +
        `<DisplayName>Lossy</DisplayName><Type>12</Type></FolderCreate>`,
    );
    const first = await phone.send('FolderSync', folderSync('1'));
    expect(adds(first).map((f) => f.name)).toEqual(['Lossy']);
    expect(textOf(first.tree, 'SyncKey')).toBe('2');
    // The answer was lost: the device asks again with key 1 and gets the same bytes.
    const again = await phone.send('FolderSync', folderSync('1'));
    expect(again.body.equals(first.body)).toBe(true);
    // It got the answer this time: key 2 confirms it; key 1 is now stale.
    expect((await phone.send('FolderSync', folderSync('2'))).easStatus).toBe(1);
    expect((await phone.send('FolderSync', folderSync('1'))).easStatus).toBe(9);
    expect((await phone.send('FolderSync', folderSync('77'))).easStatus).toBe(9);
    expect((await phone.send('FolderSync', folderSync('abc'))).easStatus).toBe(9);
    // SyncKey 0 again is harmless: the whole hierarchy, key 1.
    const restart = await phone.send('FolderSync', folderSync('0'));
    expect(textOf(restart.tree, 'SyncKey')).toBe('1');
    expect(adds(restart).map((f) => f.name)).toContain('Lossy');
  });

  it("refuses another user's User= with 403, and accepts the user's other names", async () => {
    await stack.mailctlJson(
      [
        'mailbox',
        'add',
        'kim@contoso.com',
        '--display-name',
        'Kim',
        '--password',
        'Kim-Password-1',
      ],
      ADMIN,
    );
    const impostor = device('ImpostorDev', '14.1', { queryUser: 'kim@contoso.com' });
    expect((await impostor.send('FolderSync', folderSync('0'))).status).toBe(403);
    for (const name of ['pat', 'CONTOSO\\pat', 'PAT@contoso.com']) {
      const phone = device(`Alias${name.length}Dev`, '14.1', {
        queryUser: name,
        autoProvision: true,
      });
      expect((await phone.send('FolderSync', folderSync('0'))).easStatus).toBe(1);
    }
    const domainLogin = new EasClient({
      port: stack.ports.https,
      ca: stack.ca,
      user: 'CONTOSO\\pat',
      password: PAT.password,
      deviceId: 'DomainDev',
      autoProvision: true,
    });
    expect((await domainLogin.send('FolderSync', folderSync('0'))).easStatus).toBe(1);
  });
});
