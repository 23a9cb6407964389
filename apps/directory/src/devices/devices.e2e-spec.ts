/**
 * Devices against a running stack on PostgreSQL and NATS: the test plays CAS, reporting device
 * requests over the bus (`directory.device.report`), and the administrator acts with mailctl.
 */
import {
  DeviceRecoveryPasswordSet,
  DeviceReport,
  DeviceWipeAcknowledged,
  DeviceWipeSent,
} from '@mail/contracts';
import { BusError, createBusTransport, type BusTransport } from '@mail/runtime';
import {
  TEST_NATS_URL,
  createTestDatabase,
  startStack,
  uniqueName,
  type Stack,
  type TestDatabase,
} from '@mail/runtime/testing';

const ADMIN = { user: 'admin@contoso.com', password: 'Devices-Admin-1' };
const PAT = 'pat@contoso.com';
const iphone = (deviceId: string) => ({
  user: PAT,
  deviceId,
  deviceType: 'iPhone',
  model: 'iPhone15,2',
  os: 'iOS 17.1',
  userAgent: 'Apple-iPhone15C2/2101.1',
});

describe('devices over the bus and mailctl', () => {
  let database: TestDatabase;
  let bus: BusTransport;
  let stack: Stack;
  const mailctl = (args: string[]) => stack.mailctl(args, ADMIN);
  const json = async (args: string[]) => {
    const run = await mailctl(['--json', ...args]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    return JSON.parse(run.stdout);
  };
  const report = (device: ReturnType<typeof iphone>) => bus.client.request(DeviceReport, device);

  beforeAll(async () => {
    database = await createTestDatabase();
    const prefix = uniqueName('devices');
    stack = await startStack({
      env: {
        DATABASE_URL: database.url,
        NATS_URL: TEST_NATS_URL,
        BUS_PREFIX: prefix,
        ORG_DOMAIN: 'contoso.com',
        ADMIN_PASSWORD: ADMIN.password,
      },
    });
    bus = createBusTransport({
      natsServers: [TEST_NATS_URL],
      prefix,
      timeoutMs: 5000,
      drainTimeoutMs: 100,
      name: 'devices-e2e',
    });
    await json(['mailbox', 'add', PAT, '--display-name', 'Pat', '--password', 'Pat-Password-1']);
  });
  afterAll(async () => {
    await stack?.stop();
    await bus?.client.close();
    await database?.drop();
  });

  it('records a reported device, and an admin block wins over everything', async () => {
    expect(await report(iphone('ApplF17A'))).toEqual({
      accessState: 'Allowed',
      accessStateReason: 'Global',
      wipe: 'none',
      policyKey: null,
    });
    const { devices } = await json(['device', 'list', '--mailbox', PAT]);
    expect(devices).toEqual([
      expect.objectContaining({
        user: PAT,
        deviceId: 'ApplF17A',
        deviceType: 'iPhone',
        deviceModel: 'iPhone15,2',
        deviceOS: 'iOS 17.1',
        deviceAccessState: 'Allowed',
      }),
    ]);
    const table = await mailctl(['device', 'list']);
    expect(table.stdout).toMatch(/pat@contoso\.com\s+ApplF17A\s+iPhone\s+iPhone15,2\s+Allowed/);

    await json(['device', 'block', '--mailbox', PAT, '--device-id', 'ApplF17A']);
    expect(await report(iphone('ApplF17A'))).toMatchObject({
      accessState: 'Blocked',
      accessStateReason: 'Individual',
    });
  });

  it('applies a device rule on a model to another device of that model', async () => {
    await json([
      'device-rule',
      'add',
      '--device-model',
      'IPHONE15,2',
      '--access-level',
      'quarantine',
    ]);
    expect((await json(['device-rule', 'list'])).rules).toEqual([
      { characteristic: 'DeviceModel', queryString: 'IPHONE15,2', accessLevel: 'Quarantine' },
    ]);
    expect(await report(iphone('ApplG22B'))).toMatchObject({
      accessState: 'Quarantined',
      accessStateReason: 'DeviceRule',
    });
    // The individual decision on the first device still wins.
    expect(await report(iphone('ApplF17A'))).toMatchObject({ accessState: 'Blocked' });

    const duplicate = await mailctl([
      'device-rule',
      'add',
      '--device-model',
      'iphone15,2',
      '--access-level',
      'allow',
    ]);
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toMatch(/already exists/);
    await json(['device-rule', 'remove', '--device-model', 'iPhone15,2']);

    // With no rule, the organization's default access level decides.
    expect(await json(['device-access', 'default'])).toEqual({ defaultAccessLevel: 'Allow' });
    await json(['device-access', 'default', '--set', 'block']);
    expect(await report(iphone('ApplG22B'))).toMatchObject({
      accessState: 'Blocked',
      accessStateReason: 'Global',
    });
    await json(['device-access', 'default', '--set', 'allow']);
  });

  it('asks the device for an account-only wipe until it acknowledges it', async () => {
    await json(['device', 'wipe', '--mailbox', PAT, '--device-id', 'ApplG22B', '--account-only']);
    expect(await report(iphone('ApplG22B'))).toMatchObject({ wipe: 'account-only' });
    await bus.client.request(DeviceWipeSent, { user: PAT, deviceId: 'ApplG22B' });
    await bus.client.request(DeviceWipeAcknowledged, { user: PAT, deviceId: 'ApplG22B' });
    expect(await report(iphone('ApplG22B'))).toMatchObject({ wipe: 'none' });
    const shown = await json(['device', 'show', '--mailbox', PAT, '--device-id', 'ApplG22B']);
    expect(shown).toMatchObject({ accountOnlyWipe: true });
    expect(shown.deviceWipeAckTime).toEqual(expect.any(String));

    const notRequested = await bus.client
      .request(DeviceWipeSent, { user: PAT, deviceId: 'ApplF17A' })
      .catch((e: unknown) => e);
    expect(notRequested).toMatchObject({ code: 'conflict' });
  });

  it('shows the recovery password only when asked', async () => {
    await bus.client.request(DeviceRecoveryPasswordSet, {
      user: PAT,
      deviceId: 'ApplF17A',
      password: 'R3cover-me',
    });
    const hidden = await mailctl(['--json', 'device', 'list']);
    expect(hidden.stdout).not.toContain('R3cover-me');
    expect(JSON.parse(hidden.stdout).devices[0]).not.toHaveProperty('recoveryPassword');
    const shown = await json(['device', 'list', '--mailbox', PAT, '--show-recovery-password']);
    expect(
      shown.devices.find((d: { deviceId: string }) => d.deviceId === 'ApplF17A'),
    ).toMatchObject({
      recoveryPassword: 'R3cover-me',
    });
    expect(stack.server.output()).not.toContain('R3cover-me');
  });

  it('refuses bad device input naming the field, and unknown devices with 404', async () => {
    const bad = await bus.client
      .request(DeviceReport, { ...iphone('not-a-device-id!'), model: 'x'.repeat(300) })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(BusError);
    expect(bad).toMatchObject({ code: 'bad-request' });
    expect((bad as BusError).message).toMatch(/deviceId: .*letters and digits/);
    expect((bad as BusError).message).toMatch(/model: must be at most 256/);

    const tooLong = await bus.client
      .request(DeviceReport, iphone('x'.repeat(129)))
      .catch((e: unknown) => e);
    expect(tooLong).toMatchObject({ code: 'bad-request' });
    const api = await stack.api('POST', `/devices/${PAT}/bad_id/block`, ADMIN, {});
    expect(api.status).toBe(400);
    expect(api.body.message).toMatch(/^deviceId: /);
    const unknown = await stack.api('POST', `/devices/${PAT}/Nope1/allow`, ADMIN, {});
    expect(unknown).toMatchObject({ status: 404, body: { error: 'not-found' } });
    const noTarget = await mailctl(['device-rule', 'add', '--access-level', 'block']);
    expect(noTarget).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--device-type or --device-model/),
    });
    const missing = await mailctl(['device', 'allow', '--mailbox', PAT, '--device-id', 'Nope1']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no device with the id Nope1/);

    await json(['device', 'remove', '--mailbox', PAT, '--device-id', 'ApplG22B']);
    expect((await json(['device', 'list'])).devices).toHaveLength(1);
  });
});
