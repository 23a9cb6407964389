import { resolvePolicy } from './validate';
import { WAP_PROVISIONING_PARMS, wapProvisioningParms } from './wap-provisioning';

describe('MS-WAP-Provisioning-XML (protocol 2.5) parms', () => {
  it('lists the 2.5 parms, each mapped to settings of our table', () => {
    expect(WAP_PROVISIONING_PARMS.map((p) => p.parm)).toEqual([
      '4131',
      'AEFrequencyType',
      'AEFrequencyValue',
      'DeviceWipeThreshold',
      'CodewordFrequency',
      'MinimumPasswordLength',
      'PasswordComplexity',
    ]);
    for (const p of WAP_PROVISIONING_PARMS) expect(p.from.length).toBeGreaterThan(0);
  });

  it('sends only the password-not-required parm when no password is required', () => {
    expect(wapProvisioningParms(resolvePolicy({ MinDevicePasswordLength: 8 }))).toEqual([
      { characteristic: ['SecurityPolicy'], parm: '4131', value: '1' },
    ]);
  });

  it('derives the registry parms from a password policy', () => {
    const parms = wapProvisioningParms(
      resolvePolicy({
        DevicePasswordEnabled: true,
        AlphanumericDevicePasswordRequired: true,
        MinDevicePasswordLength: 6,
        MaxInactivityTimeDeviceLock: 90,
        MaxDevicePasswordFailedAttempts: 8,
      }),
    );
    expect(Object.fromEntries(parms.map((p) => [p.parm, p.value]))).toEqual({
      '4131': '0',
      AEFrequencyType: '1',
      AEFrequencyValue: '2',
      DeviceWipeThreshold: '8',
      CodewordFrequency: '4',
      MinimumPasswordLength: '6',
      PasswordComplexity: '0',
    });
    expect(parms.find((p) => p.parm === 'AEFrequencyType')!.characteristic).toEqual([
      'Registry',
      'HKLM\\Comm\\Security\\Policy\\LASSD\\AE\\{50C13377-C66D-400C-889E-C316FC4AB374}',
    ]);
  });

  it('turns an unlimited or absent inactivity lock into AEFrequencyType 0', () => {
    for (const seconds of [null, 9999, 100_000]) {
      const parms = wapProvisioningParms(
        resolvePolicy({ DevicePasswordEnabled: true, MaxInactivityTimeDeviceLock: seconds }),
      );
      const byName = Object.fromEntries(parms.map((p) => [p.parm, p.value]));
      expect(byName.AEFrequencyType).toBe('0');
      expect(byName.AEFrequencyValue).toBeUndefined();
      expect(byName.PasswordComplexity).toBe('2');
    }
  });
});
