import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import { DirectoryConflictError } from '../../persistence/directory.repository';
import { RecipientRepository } from '../../persistence/recipient.repository';
import { directoryStorage } from '../../persistence/storage';
import { DeviceAccessRuleRepository } from './device-access-rule.repository';
import { DeviceRepository, type DeviceInformation } from './device.repository';

describe.each(DATABASE_BACKENDS)('DeviceRepository on %s', (_name, open) => {
  let db: OpenedDatabase;
  let devices: DeviceRepository;
  let rules: DeviceAccessRuleRepository;
  let pat: string;
  const state = async (
    deviceId: string,
    info: DeviceInformation = { deviceType: 'iPhone', model: 'iPhone15,2' },
  ) => {
    const row = await devices.report(pat, deviceId, info);
    return [row.deviceAccessState, row.deviceAccessStateReason];
  };

  beforeEach(async () => {
    db = await open(directoryStorage);
    devices = new DeviceRepository(db.dataSource);
    rules = new DeviceAccessRuleRepository(db.dataSource);
    const recipients = new RecipientRepository(db.dataSource);
    pat = (
      await recipients.addMailbox({
        address: 'pat@contoso.com',
        displayName: 'Pat',
        passwordHash: null,
        isAdmin: false,
        easEnabled: true,
        person: {},
      })
    ).id;
  });
  afterEach(() => db.close());

  it('creates a device on its first report and updates it on later ones, keeping what was said', async () => {
    const first = await devices.report(pat, 'ApplDNQX1', {
      deviceType: 'iPhone',
      model: 'iPhone15,2',
      os: 'iOS 17.1',
      imei: '356938035643809',
      userAgent: 'Apple-iPhone15C2/2101.1',
    });
    expect(first).toMatchObject({
      user: 'pat@contoso.com',
      deviceId: 'ApplDNQX1',
      deviceModel: 'iPhone15,2',
      deviceOS: 'iOS 17.1',
      deviceImei: '356938035643809',
      deviceAccessState: 'Allowed',
      deviceAccessStateReason: 'Global',
      deviceWipeRequestTime: null,
      recoveryPassword: null,
    });
    const second = await devices.report(pat, 'ApplDNQX1', {
      deviceType: 'iPhone',
      os: 'iOS 17.2',
      policyApplied: 'Default',
      policyKey: '3942919513',
    });
    expect(second).toMatchObject({
      deviceOS: 'iOS 17.2',
      deviceModel: 'iPhone15,2',
      devicePolicyApplied: 'Default',
      policyKey: '3942919513',
      firstSyncTime: first.firstSyncTime,
    });
    expect(await devices.list(pat)).toHaveLength(1);
  });

  it('judges access: an individual decision, else a model rule, else a type rule, else the default', async () => {
    await rules.setDefaultAccessLevel('Quarantine');
    expect(await state('D1')).toEqual(['Quarantined', 'Global']);

    await rules.add({ characteristic: 'DeviceType', queryString: 'IPHONE', accessLevel: 'Allow' });
    expect(await state('D1')).toEqual(['Allowed', 'DeviceRule']);
    await rules.add({
      characteristic: 'DeviceModel',
      queryString: 'iphone15,2',
      accessLevel: 'Block',
    });
    expect(await state('D1')).toEqual(['Blocked', 'DeviceRule']);
    // A device that has not told its model yet cannot be judged by model rules.
    expect(await state('D2', { deviceType: 'iPhone' })).toEqual(['DeviceDiscovery', 'Global']);

    const allowed = await devices.setIndividualAccess(pat, 'D1', 'Allow');
    expect(allowed).toMatchObject({
      deviceAccessState: 'Allowed',
      deviceAccessStateReason: 'Individual',
    });
    expect(await state('D1')).toEqual(['Allowed', 'Individual']);
    expect(await devices.setIndividualAccess(pat, 'nope', 'Block')).toBeNull();
  });

  it('keeps one rule per characteristic and query string, whatever the case', async () => {
    await rules.add({
      characteristic: 'DeviceModel',
      queryString: 'SM-G991B',
      accessLevel: 'Block',
    });
    await expect(
      rules.add({ characteristic: 'DeviceModel', queryString: 'sm-g991b', accessLevel: 'Allow' }),
    ).rejects.toBeInstanceOf(DirectoryConflictError);
    await rules.add({
      characteristic: 'DeviceType',
      queryString: 'SM-G991B',
      accessLevel: 'Allow',
    });
    expect(await rules.remove('DeviceModel', 'sm-G991B')).toEqual({
      characteristic: 'DeviceModel',
      queryString: 'SM-G991B',
      accessLevel: 'Block',
    });
    expect(await rules.remove('DeviceModel', 'SM-G991B')).toBeNull();
    expect(await rules.list()).toHaveLength(1);
  });

  it('follows a wipe from request to acknowledgement, account-only or full', async () => {
    await devices.report(pat, 'D1', { deviceType: 'Android' });
    expect(await devices.markWipe(pat, 'D1', 'sent')).toBe(false);
    expect(await devices.requestWipe(pat, 'D1', true)).toBe(true);
    expect(await devices.requestWipe(pat, 'nope', true)).toBe(false);
    expect(await devices.markWipe(pat, 'D1', 'sent')).toBe(true);
    expect(await devices.markWipe(pat, 'D1', 'ack')).toBe(true);
    const wiped = (await devices.find(pat, 'D1'))!;
    expect(wiped.accountOnlyWipe).toBe(true);
    expect(wiped.deviceWipeRequestTime).not.toBeNull();
    expect(wiped.deviceWipeSentTime).not.toBeNull();
    expect(wiped.deviceWipeAckTime).not.toBeNull();

    // A new request starts over.
    await devices.requestWipe(pat, 'D1', false);
    expect(await devices.find(pat, 'D1')).toMatchObject({
      accountOnlyWipe: false,
      deviceWipeSentTime: null,
      deviceWipeAckTime: null,
    });
  });

  it('stores the recovery password and removes devices, also with their user', async () => {
    await devices.report(pat, 'D1', { deviceType: 'Android' });
    await devices.report(pat, 'D2', { deviceType: 'Android' });
    expect(await devices.setRecoveryPassword(pat, 'D1', '8e1f-22ab')).toBe(true);
    expect(await devices.setRecoveryPassword(pat, 'nope', 'x')).toBe(false);
    expect((await devices.find(pat, 'D1'))!.recoveryPassword).toBe('8e1f-22ab');
    expect(await devices.remove(pat, 'D2')).toBe(true);
    expect(await devices.remove(pat, 'D2')).toBe(false);
    await new RecipientRepository(db.dataSource).removeMailbox(pat);
    expect(await devices.list()).toEqual([]);
  });
});
