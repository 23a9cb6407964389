import { PROTOCOL_VERSIONS } from './setting-types';
import { EAS_POLICY_SETTINGS } from './settings';
import {
  canonicalPolicyString,
  isProtocolVersion,
  settingsForVersion,
  versionCarries,
} from './settings-for-version';
import { DEFAULT_EAS_POLICY, resolvePolicy } from './validate';

describe('settingsForVersion', () => {
  it('gives 12.0 only the 12.0 settings', () => {
    expect(settingsForVersion('12.0')).toEqual([
      'DevicePasswordEnabled',
      'AlphanumericDevicePasswordRequired',
      'PasswordRecoveryEnabled',
      'AttachmentsEnabled',
      'MinDevicePasswordLength',
      'MaxInactivityTimeDeviceLock',
      'MaxDevicePasswordFailedAttempts',
      'MaxAttachmentSize',
      'AllowSimpleDevicePassword',
      'DevicePasswordExpiration',
      'DevicePasswordHistory',
    ]);
    expect(versionCarries('12.0', 'AllowBluetooth')).toBe(false);
    expect(versionCarries('12.0', 'RequireStorageCardEncryption')).toBe(false);
  });

  it('gives 12.1 and later every setting', () => {
    for (const v of ['12.1', '14.0', '14.1', '16.0', '16.1'] as const) {
      expect(settingsForVersion(v)).toHaveLength(EAS_POLICY_SETTINGS.length);
    }
  });

  it('gives 2.5 the settings its WAP provisioning parms come from', () => {
    expect(settingsForVersion('2.5')).toEqual([
      'DevicePasswordEnabled',
      'AlphanumericDevicePasswordRequired',
      'MinDevicePasswordLength',
      'MaxInactivityTimeDeviceLock',
      'MaxDevicePasswordFailedAttempts',
    ]);
  });

  it('knows the protocol versions and refuses others', () => {
    expect(PROTOCOL_VERSIONS.every(isProtocolVersion)).toBe(true);
    expect(isProtocolVersion('14.2')).toBe(false);
    expect(() => settingsForVersion('3.0' as never)).toThrow(RangeError);
  });
});

describe('canonicalPolicyString', () => {
  const policy = resolvePolicy({
    DevicePasswordEnabled: true,
    MinDevicePasswordLength: 6,
    AllowBluetooth: 0,
    ApprovedApplicationList: ['BBBB', 'AAAA'],
  });

  it('does not depend on the order keys were given or list order', () => {
    const reordered = resolvePolicy({
      ApprovedApplicationList: ['AAAA', 'BBBB'],
      AllowBluetooth: 0,
      MinDevicePasswordLength: 6,
      DevicePasswordEnabled: true,
    });
    const shuffled = Object.fromEntries(Object.entries(policy).reverse()) as typeof policy;
    for (const v of PROTOCOL_VERSIONS) {
      expect(canonicalPolicyString(reordered, v)).toBe(canonicalPolicyString(policy, v));
      expect(canonicalPolicyString(shuffled, v)).toBe(canonicalPolicyString(policy, v));
    }
  });

  it('sorts keys and writes JSON values', () => {
    const s = canonicalPolicyString(policy, '12.0');
    expect(s).toBe(
      'eas-policy/1 {"AllowSimpleDevicePassword":true,"AlphanumericDevicePasswordRequired":false,' +
        '"AttachmentsEnabled":true,"DevicePasswordEnabled":true,"DevicePasswordExpiration":null,' +
        '"DevicePasswordHistory":0,"MaxAttachmentSize":null,"MaxDevicePasswordFailedAttempts":null,' +
        '"MaxInactivityTimeDeviceLock":null,"MinDevicePasswordLength":6,"PasswordRecoveryEnabled":false}',
    );
  });

  it('ignores settings the version does not carry', () => {
    const changed = resolvePolicy({ ...policy, AllowBluetooth: 2, MaxCalendarAgeFilter: 4 });
    expect(canonicalPolicyString(changed, '12.0')).toBe(canonicalPolicyString(policy, '12.0'));
    expect(canonicalPolicyString(changed, '2.5')).toBe(canonicalPolicyString(policy, '2.5'));
    expect(canonicalPolicyString(changed, '12.1')).not.toBe(canonicalPolicyString(policy, '12.1'));
    expect(canonicalPolicyString(changed, '14.1')).not.toBe(canonicalPolicyString(policy, '14.1'));
  });

  it('changes when a carried setting changes', () => {
    const changed = resolvePolicy({ ...policy, MinDevicePasswordLength: 7 });
    for (const v of PROTOCOL_VERSIONS) {
      expect(canonicalPolicyString(changed, v)).not.toBe(canonicalPolicyString(policy, v));
    }
  });

  it('is the same for versions that carry the same settings', () => {
    const s = canonicalPolicyString(DEFAULT_EAS_POLICY, '14.0');
    for (const v of ['12.1', '14.1', '16.0', '16.1'] as const) {
      expect(canonicalPolicyString(DEFAULT_EAS_POLICY, v)).toBe(s);
    }
  });

  it('treats a missing setting as its default', () => {
    const partial = { ...DEFAULT_EAS_POLICY } as Record<string, unknown>;
    delete partial.AllowCamera;
    expect(canonicalPolicyString(partial as typeof DEFAULT_EAS_POLICY, '16.1')).toBe(
      canonicalPolicyString(DEFAULT_EAS_POLICY, '16.1'),
    );
  });
});
