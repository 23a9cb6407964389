import { SERVER_ENFORCED_SETTINGS } from './server-enforced';
import { resolveServerPolicy, SERVER_POLICY_SETTINGS } from './server-settings';
import { settingsForVersion } from './settings-for-version';
import { PROTOCOL_VERSIONS } from './setting-types';
import { EAS_POLICY_SETTING_NAMES } from './settings';
import { resolveAllSettings, validatePolicy } from './validate';

describe('server-applied policy settings', () => {
  it('are validated like the others and never sent to a device', () => {
    expect(
      validatePolicy({ AllowNonProvisionableDevices: true, DevicePolicyRefreshInterval: 24 }),
    ).toEqual([]);
    expect(validatePolicy({ DevicePolicyRefreshInterval: 0 })[0].code).toBe('out_of_range');
    expect(validatePolicy({ allownonprovisionabledevices: true })[0].message).toMatch(
      /Did you mean AllowNonProvisionableDevices/,
    );
    for (const version of PROTOCOL_VERSIONS)
      for (const s of SERVER_POLICY_SETTINGS)
        expect(settingsForVersion(version)).not.toContain(s.name);
  });

  it('resolve with their defaults beside the EAS settings', () => {
    expect(resolveServerPolicy({})).toEqual({
      AllowNonProvisionableDevices: false,
      DevicePolicyRefreshInterval: null,
    });
    const all = resolveAllSettings({ DevicePolicyRefreshInterval: 12, AllowCamera: false });
    expect(all).toMatchObject({ DevicePolicyRefreshInterval: 12, AllowCamera: false });
    expect(Object.keys(all)).toEqual([
      ...EAS_POLICY_SETTING_NAMES,
      'AllowNonProvisionableDevices',
      'DevicePolicyRefreshInterval',
    ]);
  });

  it('name only real settings as enforced by the server', () => {
    const names = [...EAS_POLICY_SETTING_NAMES, ...SERVER_POLICY_SETTINGS.map((s) => s.name)];
    for (const name of Object.keys(SERVER_ENFORCED_SETTINGS)) expect(names).toContain(name);
  });
});
