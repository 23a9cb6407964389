/**
 * Provisioning and device access with the roles in two processes on PostgreSQL and NATS (CAS
 * alone in one; directory, mailbox and hub transport in the other): an administrator's
 * `mailctl device wipe` reaches the device on its next request (Status 140 or 449), goes out
 * in Provision, is acknowledged and recorded, and the user finds a notification in the Inbox;
 * an account-only wipe at 16.1, and a block below it; DeviceInformation recorded and judged by
 * a device rule; devices that do not provision, with and without AllowNonProvisionableDevices.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangesListSubject, FolderListSubject, ItemGet, type EmailItem } from '@mail/contracts';
import { createBusTransport, type BusTransport } from '@mail/runtime';
import {
  EasClient,
  TEST_NATS_URL,
  createTestDatabase,
  findAll,
  freeStackPorts,
  stackPortEnv,
  startProcess,
  startStack,
  uniqueName,
  waitForStart,
  type EasVersion,
  type ServerProcess,
  type Stack,
  type TestDatabase,
} from '@mail/runtime/testing';

jest.setTimeout(60_000);

const ADMIN = { user: 'admin@contoso.com', password: 'Admin-Password-1' };
const PAT = { user: 'pat@contoso.com', password: 'Pat-Password-1' };
const FOLDER_SYNC_0 = '<FolderSync xmlns="FolderHierarchy:"><SyncKey>0</SyncKey></FolderSync>';
const WIPE_ACK = (tag: string) =>
  `<Provision xmlns="Provision:"><${tag}><Status>1</Status></${tag}></Provision>`;
const INITIAL_WITH_INFORMATION = (model: string) =>
  '<Provision xmlns="Provision:" xmlns:settings="Settings:"><settings:DeviceInformation>' +
  `<settings:Set><settings:Model>${model}</settings:Model><settings:FriendlyName>Pat's phone` +
  '</settings:FriendlyName><settings:OS>Android 14</settings:OS></settings:Set>' +
  '</settings:DeviceInformation><Policies><Policy><PolicyType>MS-EAS-Provisioning-WBXML' +
  '</PolicyType></Policy></Policies></Provision>';

describe('provisioning, remote wipe and device access (CAS and the other roles apart)', () => {
  let database: TestDatabase;
  let backend: ServerProcess;
  let stack: Stack;
  let bus: BusTransport;
  const mailctl = (args: string[]) => stack.mailctlJson(args, ADMIN);
  const device = (deviceId: string, version: EasVersion = '14.1', extra = {}) =>
    new EasClient({ port: stack.ports.https, ca: stack.ca, ...PAT, deviceId, version, ...extra });
  const show = (deviceId: string) =>
    mailctl(['device', 'show', '--mailbox', PAT.user, '--device-id', deviceId]);
  const inbox = async (): Promise<EmailItem[]> => {
    const { folders } = await bus.client.request(FolderListSubject, { mailbox: PAT.user });
    const folderId = folders.find((f) => f.type === 2)!.id;
    const { changes } = await bus.client.request(ChangesListSubject, {
      mailbox: PAT.user,
      folderId,
      after: 0,
      window: 100,
    });
    return Promise.all(
      changes
        .filter((c) => c.kind === 'add')
        .map((c) => bus.client.request(ItemGet, { mailbox: PAT.user, itemId: c.itemId })),
    );
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const prefix = uniqueName('provision');
    const shared = {
      DATABASE_URL: database.url,
      NATS_URL: TEST_NATS_URL,
      BUS_PREFIX: prefix,
      ORG_DOMAIN: 'contoso.com',
    };
    backend = startProcess('server', {
      ...shared,
      ROLES: 'directory,mailbox,hub-transport',
      ADMIN_PASSWORD: ADMIN.password,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'mail-backend-')),
      ...stackPortEnv(await freeStackPorts()),
    });
    await waitForStart(backend, 90_000);
    stack = await startStack({
      app: 'cas',
      env: { ...shared, ROLES: 'cas' },
      startTimeoutMs: 90_000,
    });
    bus = createBusTransport({
      natsServers: [TEST_NATS_URL],
      prefix,
      timeoutMs: 10_000,
      drainTimeoutMs: 100,
      name: 'provision-e2e',
    });
    await mailctl([
      'mailbox',
      'add',
      PAT.user,
      '--display-name',
      'Pat Lee',
      '--password',
      PAT.password,
    ]);
  }, 200_000);
  afterAll(async () => {
    await stack?.stop();
    await backend?.stop('SIGKILL');
    await bus?.client.close();
    await database?.drop();
  });

  it('delivers a remote wipe on the next request, records it, and mails the user', async () => {
    const phone = device('WipeMe', '14.1', { autoProvision: true });
    const download = await phone.send('Provision', INITIAL_WITH_INFORMATION('Pixel 8'), {
      policyKey: '0',
    });
    expect(findAll(download.tree, 'DeviceInformation')).toHaveLength(1);
    await phone.provision();
    expect((await phone.send('FolderSync', FOLDER_SYNC_0)).easStatus).toBe(1);
    expect(await show('WipeMe')).toMatchObject({
      deviceModel: 'Pixel 8',
      friendlyName: "Pat's phone",
      deviceOS: 'Android 14',
      devicePolicyApplied: 'Default',
      policyKey: phone.policyKey,
    });

    await mailctl(['device', 'wipe', '--mailbox', PAT.user, '--device-id', 'WipeMe']);
    const told = await phone.send('FolderSync', FOLDER_SYNC_0, { noProvision: true });
    expect(told.easStatus).toBe(140);
    const directive = await phone.send('Provision', '<Provision xmlns="Provision:"/>', {
      policyKey: '0',
    });
    expect(directive.easStatus).toBe(1);
    expect(findAll(directive.tree, 'RemoteWipe')).toHaveLength(1);
    expect(findAll(directive.tree, 'Policies')).toHaveLength(0);
    expect((await show('WipeMe')).deviceWipeSentTime).toEqual(expect.any(String));

    const ack = await phone.send('Provision', WIPE_ACK('RemoteWipe'), { policyKey: '0' });
    expect(ack.easStatus).toBe(1);
    expect((await show('WipeMe')).deviceWipeAckTime).toEqual(expect.any(String));
    // The device lost our answer and acknowledges again: still one mail.
    await phone.send('Provision', WIPE_ACK('RemoteWipe'), { policyKey: '0' });
    const notices = (await inbox()).filter((m) => m.subject === 'Your mobile device was wiped');
    expect(notices).toHaveLength(1);
    expect(notices[0].body.text).toContain('WipeMe');
  });

  it('tells an older device with 449, and sends it the wipe in Provision', async () => {
    const old = device('OldWipe', '12.1', { autoProvision: true });
    await old.send('FolderSync', FOLDER_SYNC_0);
    await mailctl(['device', 'wipe', '--mailbox', PAT.user, '--device-id', 'OldWipe']);
    expect((await old.send('FolderSync', FOLDER_SYNC_0, { noProvision: true })).status).toBe(449);
    const directive = await old.send(
      'Provision',
      '<Provision xmlns="Provision:"><Policies><Policy><PolicyType>MS-EAS-Provisioning-WBXML</PolicyType></Policy></Policies></Provision>',
      { policyKey: '0' },
    );
    expect(findAll(directive.tree, 'RemoteWipe')).toHaveLength(1);
  });

  it('wipes only the account at 16.1, and blocks a 14.1 device it cannot tell that', async () => {
    const recent = device('AccountOnly', '16.1', { autoProvision: true });
    const older = device('NoAccountOnly', '14.1', { autoProvision: true });
    await recent.send('FolderSync', FOLDER_SYNC_0);
    await older.send('FolderSync', FOLDER_SYNC_0);
    for (const id of ['AccountOnly', 'NoAccountOnly'])
      await mailctl(['device', 'wipe', '--mailbox', PAT.user, '--device-id', id, '--account-only']);
    expect((await recent.send('FolderSync', FOLDER_SYNC_0, { noProvision: true })).easStatus).toBe(
      140,
    );
    const directive = await recent.send('Provision', '<Provision xmlns="Provision:"/>', {
      policyKey: '0',
    });
    expect(findAll(directive.tree, 'AccountOnlyRemoteWipe')).toHaveLength(1);
    expect(findAll(directive.tree, 'RemoteWipe')).toHaveLength(0);
    expect(
      (await recent.send('Provision', WIPE_ACK('AccountOnlyRemoteWipe'), { policyKey: '0' }))
        .easStatus,
    ).toBe(1);
    expect((await show('AccountOnly')).deviceWipeAckTime).toEqual(expect.any(String));
    expect((await inbox()).map((m) => m.subject)).toContain(
      'Your account was removed from a mobile device',
    );
    expect((await older.send('FolderSync', FOLDER_SYNC_0, { noProvision: true })).easStatus).toBe(
      129,
    );
  });

  it('quarantines a device by a rule on the model it reports', async () => {
    await mailctl([
      'device-rule',
      'add',
      '--device-model',
      'Brick 1',
      '--access-level',
      'quarantine',
    ]);
    const brick = device('BrickDev', '14.1');
    await brick.send('Provision', INITIAL_WITH_INFORMATION('Brick 1'), { policyKey: '0' });
    await brick.provision();
    expect((await brick.send('FolderSync', FOLDER_SYNC_0)).easStatus).toBe(141);
    expect(await show('BrickDev')).toMatchObject({
      deviceAccessState: 'Quarantined',
      deviceAccessStateReason: 'DeviceRule',
    });
    await mailctl(['device-rule', 'remove', '--device-model', 'Brick 1']);
  });

  it('asks devices that send no policy key to provision, unless the policy allows them', async () => {
    const unmanaged = device('NoKeyDev', '14.1');
    expect((await unmanaged.send('FolderSync', FOLDER_SYNC_0, { policyKey: null })).easStatus).toBe(
      142,
    );
    const partial = (key: string) =>
      `<Provision xmlns="Provision:"><Policies><Policy><PolicyType>MS-EAS-Provisioning-WBXML</PolicyType>` +
      `<PolicyKey>${key}</PolicyKey><Status>2</Status></Policy></Policies></Provision>`;
    const download = await unmanaged.send(
      'Provision',
      '<Provision xmlns="Provision:"><Policies><Policy><PolicyType>MS-EAS-Provisioning-WBXML</PolicyType></Policy></Policies></Provision>',
      { policyKey: '0' },
    );
    const temporary = download.xml!.match(/<PolicyKey>(\d+)/)![1];
    expect(
      (await unmanaged.send('Provision', partial(temporary), { policyKey: temporary })).easStatus,
    ).toBe(139);
    await mailctl(['policy', 'set', 'Default', '--set', 'AllowNonProvisionableDevices=true']);
    expect((await unmanaged.send('FolderSync', FOLDER_SYNC_0, { policyKey: null })).easStatus).toBe(
      1,
    );
    const accepted = await unmanaged.send('Provision', partial(temporary), {
      policyKey: temporary,
    });
    expect(accepted.easStatus).toBe(1);
    expect(accepted.xml).toMatch(/<PolicyKey>\d+<\/PolicyKey>/);
    // A key the server never gave is still refused.
    expect((await unmanaged.send('FolderSync', FOLDER_SYNC_0, { policyKey: '7' })).easStatus).toBe(
      144,
    );
    await mailctl(['policy', 'set', 'Default', '--set', 'AllowNonProvisionableDevices=false']);
  });
});
