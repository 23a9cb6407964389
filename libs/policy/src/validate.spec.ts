import { POLICY_LIMITS } from './limits';
import { EAS_POLICY_SETTINGS } from './settings';
import {
  DEFAULT_EAS_POLICY,
  parsePolicy,
  resolvePolicy,
  validatePolicy,
  type PolicyProblem,
} from './validate';

function only(problems: PolicyProblem[]): PolicyProblem {
  expect(problems).toHaveLength(1);
  return problems[0];
}

describe('validatePolicy', () => {
  it('accepts an empty policy and a full valid one', () => {
    expect(validatePolicy({})).toEqual([]);
    expect(
      validatePolicy({
        DevicePasswordEnabled: true,
        MinDevicePasswordLength: 6,
        MaxDevicePasswordFailedAttempts: null,
        AllowBluetooth: 1,
        MaxCalendarAgeFilter: 6,
        MaxEmailBodyTruncationSize: -1,
        ApprovedApplicationList: [
          '2jmj7l5rSw0yVb/vlWAYkK/YBwk=',
          'da39a3ee5e6b4b0d3255bfef95601890afd80709',
        ],
        UnapprovedInROMApplicationList: ['pword.exe'],
      }),
    ).toEqual([]);
  });

  it('refuses a body that is not a plain object', () => {
    for (const bad of [null, [], 'x', 3, undefined, new Date()]) {
      expect(only(validatePolicy(bad)).code).toBe('not_an_object');
    }
  });

  it('names an unknown setting, and suggests the right case', () => {
    const p = only(validatePolicy({ AllowWifi: true }));
    expect(p).toMatchObject({ code: 'unknown_setting', setting: 'AllowWifi' });
    expect(p.message).toContain('"AllowWifi" is not an EAS policy setting');
    expect(p.message).toContain('Did you mean AllowWiFi?');
    expect(only(validatePolicy({ RemoteWipe: true })).message).not.toContain('Did you mean');
  });

  it('treats prototype names as unknown settings', () => {
    const body = JSON.parse('{"__proto__": {"DevicePasswordEnabled": 5}, "constructor": 1}');
    expect(validatePolicy(body).map((p) => [p.code, p.setting])).toEqual([
      ['unknown_setting', '__proto__'],
      ['unknown_setting', 'constructor'],
    ]);
  });

  it('reports a wrong type naming the setting and what is allowed', () => {
    const cases: [string, unknown, string][] = [
      ['AllowCamera', 1, 'AllowCamera must be true or false; got the number 1.'],
      ['AllowCamera', 'true', 'AllowCamera must be true or false; got the string "true".'],
      [
        'MaxAttachmentSize',
        '10',
        'MaxAttachmentSize must be a whole number from 0 to 4294967295, or null',
      ],
      [
        'DevicePasswordHistory',
        null,
        'DevicePasswordHistory must be a whole number from 0 to 4294967295; got null.',
      ],
      [
        'MinDevicePasswordLength',
        4.5,
        'MinDevicePasswordLength must be a whole number from 1 to 16',
      ],
      ['MaxEmailAgeFilter', '3', 'MaxEmailAgeFilter must be one of 0 (Sync all), 1 (1 day)'],
      ['ApprovedApplicationList', 'abc', 'ApprovedApplicationList must be a list of at most 256'],
    ];
    for (const [setting, value, message] of cases) {
      const p = only(validatePolicy({ [setting]: value }));
      expect(p).toMatchObject({ code: 'wrong_type', setting });
      expect(p.message).toContain(message);
    }
  });

  it('reports out-of-range integers', () => {
    const cases: [string, number][] = [
      ['MinDevicePasswordLength', 0],
      ['MinDevicePasswordLength', 17],
      ['MaxDevicePasswordFailedAttempts', 3],
      ['MaxDevicePasswordFailedAttempts', 17],
      ['MinDevicePasswordComplexCharacters', 5],
      ['MaxEmailBodyTruncationSize', -2],
      ['DevicePasswordExpiration', -1],
      ['MaxAttachmentSize', 4_294_967_296],
    ];
    for (const [setting, value] of cases) {
      const p = only(validatePolicy({ [setting]: value }));
      expect(p).toMatchObject({ code: 'out_of_range', setting });
      expect(p.message).toMatch(
        new RegExp(
          `^${setting} must be a whole number from -?\\d+ to \\d+.*; got ${value}\\.$`,
          'u',
        ),
      );
    }
  });

  it('reports enumeration values outside the allowed set', () => {
    const cases: [string, number][] = [
      ['MaxCalendarAgeFilter', 1],
      ['MaxCalendarAgeFilter', 8],
      ['MaxEmailAgeFilter', 6],
      ['AllowBluetooth', 3],
      ['AllowSMIMEEncryptionAlgorithmNegotiation', -1],
      ['RequireEncryptionSMIMEAlgorithm', 5],
      ['RequireSignedSMIMEAlgorithm', 2],
    ];
    for (const [setting, value] of cases) {
      const p = only(validatePolicy({ [setting]: value }));
      expect(p).toMatchObject({ code: 'not_allowed_value', setting });
      expect(p.message).toContain(`${setting} must be one of `);
      expect(p.message).toContain(`got ${value}.`);
    }
    expect(only(validatePolicy({ MaxCalendarAgeFilter: 1 })).allowed).toBe(
      'one of 0 (All days), 4 (2 weeks), 5 (1 month), 6 (3 months), 7 (6 months)',
    );
  });

  it('bounds list length, item length, item form and duplicates', () => {
    const tooMany = Array.from({ length: POLICY_LIMITS.maxListItems + 1 }, (_, i) => `app${i}.exe`);
    const longName = 'a'.repeat(POLICY_LIMITS.maxApplicationNameLength + 1);
    expect(only(validatePolicy({ UnapprovedInROMApplicationList: tooMany }))).toMatchObject({
      code: 'list_too_long',
      setting: 'UnapprovedInROMApplicationList',
    });
    const codes = (list: unknown[]) =>
      validatePolicy({ ApprovedApplicationList: list }).map((p) => [p.code, p.setting, p.message]);
    expect(codes([7, 'x'.repeat(65), 'not a hash!', 'AAAA', 'AAAA'])).toEqual([
      [
        'item_wrong_type',
        'ApprovedApplicationList',
        'ApprovedApplicationList[0] must be a string; got the number 7.',
      ],
      [
        'item_too_long',
        'ApprovedApplicationList',
        'ApprovedApplicationList[1] has 65 characters; each Hash may have at most 64.',
      ],
      [
        'item_invalid',
        'ApprovedApplicationList',
        'ApprovedApplicationList[2] ("not a hash!") is not a SHA1 hash in base64 or hex.',
      ],
      [
        'item_duplicate',
        'ApprovedApplicationList',
        'ApprovedApplicationList[4] ("AAAA") is listed twice.',
      ],
    ]);
    expect(only(validatePolicy({ UnapprovedInROMApplicationList: [longName] })).code).toBe(
      'item_too_long',
    );
    expect(only(validatePolicy({ UnapprovedInROMApplicationList: ['bad\u0000name'] })).code).toBe(
      'item_invalid',
    );
    expect(only(validatePolicy({ UnapprovedInROMApplicationList: [''] })).code).toBe(
      'item_invalid',
    );
  });

  it('refuses too many keys at once and caps the number of problems', () => {
    const many = Object.fromEntries(
      Array.from({ length: POLICY_LIMITS.maxInputKeys + 1 }, (_, i) => [`k${i}`, 1]),
    );
    expect(only(validatePolicy(many)).code).toBe('too_many_settings');
    const bad = Object.fromEntries(
      Array.from({ length: POLICY_LIMITS.maxInputKeys }, (_, i) => [`k${i}`, 1]),
    );
    expect(validatePolicy(bad)).toHaveLength(POLICY_LIMITS.maxProblems);
  });

  it('truncates long keys quoted back in problems', () => {
    const key = 'x'.repeat(10_000);
    const p = only(validatePolicy({ [key]: 1 }));
    expect(p.setting.length).toBeLessThanOrEqual(POLICY_LIMITS.maxQuotedLength + 1);
    expect(p.message.length).toBeLessThan(200);
  });

  it('reports every bad setting of one body, in order', () => {
    expect(
      validatePolicy({ AllowIrDA: 0, Nope: 1, AllowBluetooth: 9 }).map((p) => p.setting),
    ).toEqual(['AllowIrDA', 'Nope', 'AllowBluetooth']);
  });
});

describe('resolvePolicy', () => {
  it('fills every missing setting with its default', () => {
    const p = resolvePolicy({ DevicePasswordEnabled: true, MinDevicePasswordLength: 8 });
    expect(Object.keys(p)).toEqual(EAS_POLICY_SETTINGS.map((s) => s.name));
    expect(p.DevicePasswordEnabled).toBe(true);
    expect(p.MinDevicePasswordLength).toBe(8);
    expect(p.AllowBluetooth).toBe(2);
    expect(p.MaxAttachmentSize).toBeNull();
    expect(p.AllowSimpleDevicePassword).toBe(true);
    expect(p.MaxEmailBodyTruncationSize).toBe(-1);
    expect(p.ApprovedApplicationList).toEqual([]);
    for (const s of EAS_POLICY_SETTINGS) {
      if (s.name !== 'DevicePasswordEnabled' && s.name !== 'MinDevicePasswordLength') {
        expect(p[s.name]).toEqual(s.default);
      }
    }
  });

  it('keeps an explicit null (the empty element) and copies lists', () => {
    const list = ['AAAA'];
    const p = resolvePolicy({ MaxInactivityTimeDeviceLock: null, ApprovedApplicationList: list });
    expect(p.MaxInactivityTimeDeviceLock).toBeNull();
    list.push('BBBB');
    expect(p.ApprovedApplicationList).toEqual(['AAAA']);
    expect(Object.isFrozen(p)).toBe(true);
  });

  it('gives the default policy from no input', () => {
    expect(resolvePolicy()).toEqual(DEFAULT_EAS_POLICY);
  });
});

describe('parsePolicy', () => {
  it('returns the resolved policy or the problems', () => {
    const ok = parsePolicy({ RequireDeviceEncryption: true });
    expect(ok.ok && ok.policy.RequireDeviceEncryption).toBe(true);
    const bad = parsePolicy({ RequireDeviceEncryption: 'yes' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems[0].setting).toBe('RequireDeviceEncryption');
  });
});
