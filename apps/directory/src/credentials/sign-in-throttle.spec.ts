import {
  afterFailure,
  blockedFor,
  throttlePolicyFromEnv,
  USER_THROTTLE,
  type ThrottleState,
} from './sign-in-throttle';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
const fail = (times: number, policy = USER_THROTTLE, start = 0) => {
  let state: ThrottleState | null = null;
  for (let i = 0; i < times; i++) state = afterFailure(state, at(start + i), policy);
  return state!;
};

describe('sign-in throttle', () => {
  it('lets the first failures through, then backs off exponentially up to the maximum', () => {
    expect(blockedFor(fail(3), at(3))).toBe(0);
    expect(fail(4).blockedUntil).toEqual(at(3 + 1000));
    expect(fail(5).blockedUntil).toEqual(at(4 + 2000));
    expect(fail(6).blockedUntil).toEqual(at(5 + 4000));
    const capped = afterFailure({ failures: 8, lastFailureAt: at(0), blockedUntil: null }, at(1), {
      ...USER_THROTTLE,
      backoffMaxMs: 5000,
    });
    expect(capped.blockedUntil).toEqual(at(1 + 5000));
  });

  it('locks out for the lockout time at the threshold', () => {
    const state = fail(10);
    expect(state.failures).toBe(10);
    expect(blockedFor(state, at(9))).toBe(15 * 60_000);
    expect(blockedFor(state, at(9 + 15 * 60_000))).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const old = fail(9);
    expect(afterFailure(old, at(8 + 15 * 60_000), USER_THROTTLE).failures).toBe(1);
  });

  it('reads overrides from the environment and names a bad one', () => {
    expect(
      throttlePolicyFromEnv({ SIGNIN_USER_LOCKOUT_THRESHOLD: '5' }, USER_THROTTLE, 'SIGNIN_USER_')
        .lockoutThreshold,
    ).toBe(5);
    expect(() =>
      throttlePolicyFromEnv({ SIGNIN_USER_LOCKOUT_MS: 'soon' }, USER_THROTTLE, 'SIGNIN_USER_'),
    ).toThrow(/SIGNIN_USER_LOCKOUT_MS must be a whole number from 1 to 86400000 \(got "soon"\)/);
  });
});
