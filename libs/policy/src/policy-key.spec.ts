import { PROTOCOL_VERSIONS } from './setting-types';
import { policyKeys } from './policy-key';
import { DEFAULT_EAS_POLICY, resolvePolicy } from './validate';

describe('policyKeys', () => {
  it('gives unsigned 32-bit keys, never 0, temporary and final different', () => {
    for (const version of PROTOCOL_VERSIONS) {
      const keys = policyKeys(DEFAULT_EAS_POLICY, version);
      for (const key of [keys.final, keys.temporary]) {
        expect(key).toMatch(/^[1-9][0-9]{0,9}$/);
        expect(Number(key)).toBeLessThan(2 ** 32);
      }
      expect(keys.temporary).not.toBe(keys.final);
    }
  });

  it('is stable, and changes with a setting the version carries', () => {
    const strict = resolvePolicy({ DevicePasswordEnabled: true, MinDevicePasswordLength: 6 });
    expect(policyKeys(strict, '14.1')).toEqual(policyKeys(strict, '14.1'));
    expect(policyKeys(strict, '14.1').final).not.toBe(policyKeys(DEFAULT_EAS_POLICY, '14.1').final);
  });

  it('ignores settings the version does not carry, so a 12.0 client keeps its key', () => {
    const bluetooth = resolvePolicy({ AllowBluetooth: 0 });
    expect(policyKeys(bluetooth, '12.0')).toEqual(policyKeys(DEFAULT_EAS_POLICY, '12.0'));
    expect(policyKeys(bluetooth, '2.5')).toEqual(policyKeys(DEFAULT_EAS_POLICY, '2.5'));
    expect(policyKeys(bluetooth, '12.1').final).not.toBe(
      policyKeys(DEFAULT_EAS_POLICY, '12.1').final,
    );
  });

  it('changes with the refresh period', () => {
    expect(policyKeys(DEFAULT_EAS_POLICY, '16.1', 1).final).not.toBe(
      policyKeys(DEFAULT_EAS_POLICY, '16.1', 2).final,
    );
  });
});
