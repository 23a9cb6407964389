import type { DeviceReportReply } from '@mail/contracts';
import type { EasCommand } from './command';
import { EasError } from './errors';
import {
  commandInVersion,
  deviceAccess,
  negotiateVersion,
  policyKeyCheck,
  redirectLocation,
  sameUser,
  sentPolicyKey,
} from './gate';
import type { EasQuery } from './query';

const query = (extra: Partial<EasQuery> = {}): EasQuery => ({
  form: 'plain',
  command: 'FolderSync',
  deviceId: 'D1',
  deviceType: 'T',
  parameters: {},
  ...extra,
});
const command = (extra: Partial<EasCommand> = {}) =>
  ({
    name: 'FolderSync',
    versions: ['12.1', '14.1'],
    requiresPolicyKey: true,
    allowedWhenQuarantined: false,
    ...extra,
  }) as EasCommand;
const report = (extra: Partial<DeviceReportReply> = {}): DeviceReportReply => ({
  accessState: 'Allowed',
  accessStateReason: 'Global',
  wipe: 'none',
  policyKey: null,
  ...extra,
});
const keys = { final: '1111', temporary: '2222' };
const server = { AllowNonProvisionableDevices: false, DevicePolicyRefreshInterval: null };

describe('the EAS gate', () => {
  it('takes the version from the base64 query, else the header, and refuses others', () => {
    expect(negotiateVersion('12.1', query({ protocolVersion: '16.1' }))).toBe('16.1');
    expect(negotiateVersion(' 14.1 ', query())).toBe('14.1');
    expect(() => negotiateVersion('3.0', query())).toThrow(EasError);
    expect(() => negotiateVersion(undefined, query())).toThrow(/MS-ASProtocolVersion is missing/);
    expect(commandInVersion(command(), '14.1')).toBeNull();
    expect(commandInVersion(command(), '2.5')).toBe('command-not-in-version');
  });

  it('takes the policy key from the base64 query, else X-MS-PolicyKey', () => {
    expect(sentPolicyKey('5', query({ policyKey: '7' }))).toBe('7');
    expect(sentPolicyKey(' 5 ', query())).toBe('5');
    expect(sentPolicyKey(undefined, query())).toBeUndefined();
  });

  it('sends a pending wipe first, then blocks, then quarantines all but Provision', () => {
    const provision = command({ name: 'Provision', allowedWhenQuarantined: true });
    expect(deviceAccess(report({ wipe: 'full', accessState: 'Blocked' }), command(), '14.1')).toBe(
      'wipe-requested',
    );
    expect(deviceAccess(report({ wipe: 'full' }), provision, '12.1')).toBeNull();
    expect(deviceAccess(report({ wipe: 'account-only' }), provision, '16.1')).toBeNull();
    expect(deviceAccess(report({ wipe: 'account-only' }), provision, '14.1')).toBe(
      'device-blocked',
    );
    expect(deviceAccess(report({ accessState: 'Blocked' }), provision, '14.1')).toBe(
      'device-blocked',
    );
    expect(deviceAccess(report({ accessState: 'Quarantined' }), command(), '14.1')).toBe(
      'device-quarantined',
    );
    expect(deviceAccess(report({ accessState: 'DeviceDiscovery' }), provision, '14.1')).toBeNull();
    expect(deviceAccess(report(), command(), '14.1')).toBeNull();
  });

  it('tells no key, a refreshable key and an unknown key apart', () => {
    const check = (sent: string | undefined, extra = {}) =>
      policyKeyCheck({ command: command(), sent, keys, server, acknowledged: '999', ...extra });
    expect(check('1111')).toBeNull();
    expect(check(undefined)).toBe('not-provisioned');
    expect(check('0')).toBe('not-provisioned');
    expect(check('999')).toBe('policy-refresh');
    expect(check('2222')).toBe('invalid-policy-key');
    expect(
      check(undefined, { server: { ...server, AllowNonProvisionableDevices: true } }),
    ).toBeNull();
    expect(check('0', { server: { ...server, AllowNonProvisionableDevices: true } })).toBe(
      'not-provisioned',
    );
    expect(check(undefined, { command: command({ requiresPolicyKey: false }) })).toBeNull();
  });

  it('matches User= against the sign-in name, the UPN, or what the directory resolves', () => {
    const signedIn = { userPrincipalName: 'pat@contoso.com', userName: 'CONTOSO\\pat' };
    expect(sameUser('contoso\\PAT', signedIn, undefined)).toBe(true);
    expect(sameUser('Pat@Contoso.com', signedIn, undefined)).toBe(true);
    expect(sameUser('pat', signedIn, undefined)).toBe(false);
    expect(sameUser('pat', signedIn, { found: true, userPrincipalName: 'pat@contoso.com' })).toBe(
      true,
    );
    expect(sameUser('kim', signedIn, { found: true, userPrincipalName: 'kim@contoso.com' })).toBe(
      false,
    );
    expect(sameUser('ghost', signedIn, { found: false })).toBe(false);
  });

  it('redirects to the vdir URL only when one is set and another host was used', () => {
    const urls = {
      internalUrl: 'https://mail.corp.local/x',
      externalUrl: 'https://mail.contoso.com/x',
    };
    expect(redirectLocation('mail.contoso.com:443', urls)).toBeNull();
    expect(redirectLocation('MAIL.CORP.LOCAL', urls)).toBeNull();
    expect(redirectLocation('10.0.0.5:8443', urls)).toBe('https://mail.contoso.com/x');
    expect(redirectLocation('anything', { internalUrl: null, externalUrl: null })).toBeNull();
  });
});
