import type { DeviceAccessRule } from '@mail/contracts';
import { evaluateAccess } from './device-access';

describe('evaluateAccess', () => {
  const galaxy = { deviceType: 'SAMSUNGSMG991B', deviceModel: 'SM-G991B' };
  const typeRule: DeviceAccessRule = {
    characteristic: 'DeviceType',
    queryString: 'samsungsmg991b',
    accessLevel: 'Quarantine',
  };
  const modelRule: DeviceAccessRule = {
    characteristic: 'DeviceModel',
    queryString: 'sm-g991b',
    accessLevel: 'Block',
  };

  it('takes the default when no rule matches', () => {
    expect(evaluateAccess(galaxy, null, [], 'Quarantine')).toEqual({
      accessState: 'Quarantined',
      accessStateReason: 'Global',
    });
  });

  it('matches rules case-insensitively, a model rule before a type rule', () => {
    expect(evaluateAccess(galaxy, null, [typeRule], 'Allow').accessState).toBe('Quarantined');
    expect(evaluateAccess(galaxy, null, [typeRule, modelRule], 'Allow')).toEqual({
      accessState: 'Blocked',
      accessStateReason: 'DeviceRule',
    });
  });

  it('lets an individual decision win over every rule', () => {
    expect(evaluateAccess(galaxy, 'Allow', [modelRule], 'Block')).toEqual({
      accessState: 'Allowed',
      accessStateReason: 'Individual',
    });
  });

  it('keeps a device without a model in discovery only while model rules exist', () => {
    const unknown = { deviceType: 'SAMSUNGSMG991B', deviceModel: null };
    expect(evaluateAccess(unknown, null, [modelRule], 'Allow').accessState).toBe('DeviceDiscovery');
    expect(evaluateAccess(unknown, null, [typeRule], 'Allow').accessState).toBe('Quarantined');
  });
});
