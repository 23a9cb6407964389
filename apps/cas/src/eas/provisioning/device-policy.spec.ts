import { devicePolicy, refreshPeriod } from './device-policy';

const effective = (settings: Record<string, unknown> = {}) => ({
  name: 'Default',
  settings,
  updatedAt: '2025-01-01T00:00:00.000Z',
});

describe('devicePolicy', () => {
  it('resolves the settings and gives the keys of the version', () => {
    const policy = devicePolicy(effective({ AllowCamera: false }), '14.1', 'DEV1', 0);
    expect(policy.settings.AllowCamera).toBe(false);
    expect(policy.server).toEqual({
      AllowNonProvisionableDevices: false,
      DevicePolicyRefreshInterval: null,
    });
    expect(policy.keys.final).toMatch(/^\d+$/);
    expect(devicePolicy(effective(), '12.0', 'DEV1', 0).keys).toEqual(
      devicePolicy(effective({ AllowCamera: false }), '12.0', 'DEV1', 0).keys,
    );
  });

  it('moves keys to a new period after the refresh interval, per device', () => {
    expect(refreshPeriod(null, 'DEV1', 10 * 3_600_000)).toBe(0);
    const start = refreshPeriod(24, 'DEV1', 0);
    expect(refreshPeriod(24, 'DEV1', 24 * 3_600_000)).toBe(start + 1);
    const refreshing = effective({ DevicePolicyRefreshInterval: 24 });
    expect(devicePolicy(refreshing, '16.1', 'DEV1', 0).keys.final).not.toBe(
      devicePolicy(refreshing, '16.1', 'DEV1', 24 * 3_600_000).keys.final,
    );
  });
});
