/**
 * Failed sign-in throttling, per user and per source address (transitions are pure; the
 * repository stores the state). After `backoffAfter` failures each further failure blocks the
 * key for an exponentially growing delay; at `lockoutThreshold` the key is locked out for
 * `lockoutMs`. Failures older than `windowMs` are forgotten, and a success clears the user's
 * count. A blocked key is refused before any password is checked, so an attacker cannot make
 * the server spend argon2 time on it.
 */
export interface ThrottlePolicy {
  backoffAfter: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  lockoutThreshold: number;
  lockoutMs: number;
  windowMs: number;
}

export interface ThrottleState {
  failures: number;
  lastFailureAt: Date;
  blockedUntil: Date | null;
}

/** Defaults: three free tries, then 1 s, 2 s, 4 s ... up to a minute; ten in 15 minutes lock out for 15 minutes. */
export const USER_THROTTLE: ThrottlePolicy = {
  backoffAfter: 3,
  backoffBaseMs: 1000,
  backoffMaxMs: 60_000,
  lockoutThreshold: 10,
  lockoutMs: 15 * 60_000,
  windowMs: 15 * 60_000,
};

/** A source address may carry many users (NAT, a proxy): it gets more room before it is blocked. */
export const SOURCE_THROTTLE: ThrottlePolicy = {
  ...USER_THROTTLE,
  backoffAfter: 20,
  lockoutThreshold: 100,
};

export function blockedFor(state: ThrottleState | null, now: Date): number {
  if (!state?.blockedUntil) return 0;
  return Math.max(0, state.blockedUntil.getTime() - now.getTime());
}

export function afterFailure(
  state: ThrottleState | null,
  now: Date,
  policy: ThrottlePolicy,
): ThrottleState {
  const recent = state && now.getTime() - state.lastFailureAt.getTime() < policy.windowMs;
  const failures = (recent ? state.failures : 0) + 1;
  let blockedUntil: Date | null = null;
  if (failures >= policy.lockoutThreshold) {
    blockedUntil = new Date(now.getTime() + policy.lockoutMs);
  } else if (failures > policy.backoffAfter) {
    const delay = Math.min(
      policy.backoffBaseMs * 2 ** (failures - policy.backoffAfter - 1),
      policy.backoffMaxMs,
    );
    blockedUntil = new Date(now.getTime() + delay);
  }
  return { failures, lastFailureAt: now, blockedUntil };
}

/** Reads a policy's overrides from the environment (SIGNIN_* variables), checked like the rest of the config. */
export function throttlePolicyFromEnv(
  env: NodeJS.ProcessEnv,
  base: ThrottlePolicy,
  prefix: string,
): ThrottlePolicy {
  const read = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[`${prefix}${name}`];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      throw new Error(
        `${prefix}${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`,
      );
    }
    return Number(raw);
  };
  return {
    backoffAfter: read('BACKOFF_AFTER', base.backoffAfter, 1, 1000),
    backoffBaseMs: read('BACKOFF_BASE_MS', base.backoffBaseMs, 1, 3_600_000),
    backoffMaxMs: read('BACKOFF_MAX_MS', base.backoffMaxMs, 1, 86_400_000),
    lockoutThreshold: read('LOCKOUT_THRESHOLD', base.lockoutThreshold, 1, 100_000),
    lockoutMs: read('LOCKOUT_MS', base.lockoutMs, 1, 86_400_000),
    windowMs: read('WINDOW_MS', base.windowMs, 1, 86_400_000),
  };
}
