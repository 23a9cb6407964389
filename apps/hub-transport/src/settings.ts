/**
 * Hub transport's queue settings, read once at start from the environment (README, operator
 * contract), named after Exchange's: the retry schedule of remote deliveries, when a message
 * expires, and after how long a sender is told of a delay. A bad value stops the start with a
 * message naming the variable (exit 78), like every other setting.
 */
import { ConfigError } from '@mail/runtime';

export interface TransportSettings {
  /** Waits between attempts at a remote delivery; the last one repeats until expiry. */
  retryScheduleMs: number[];
  /** Age at which a message still undelivered is given up (Exchange's MessageExpirationTimeout). */
  expirationMs: number;
  /** Age at which the sender is told delivery is delayed; null: never. */
  delayNotificationMs: number | null;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const MAX_DURATION_MS = 30 * 86_400_000;

/** `500ms`, `30s`, `15m`, `1h`, `2d`; null when the text is none of those or out of range. */
export function parseDuration(text: string): number | null {
  const match = /^(\d{1,9})(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return null;
  const ms = Number(match[1]) * UNITS[match[2]];
  return ms >= 1 && ms <= MAX_DURATION_MS ? ms : null;
}

const DURATION_HELP = 'a duration such as 30s, 15m, 1h or 2d (at most 30d)';

export function transportSettingsFromEnv(env: NodeJS.ProcessEnv): TransportSettings {
  const problems: string[] = [];
  const read = (name: string, fallback: string | undefined): number | null => {
    const given = env[name] || fallback;
    if (given === undefined) return null;
    const ms = parseDuration(given);
    if (ms === null)
      problems.push(`${name} must be ${DURATION_HELP} (got ${JSON.stringify(given)})`);
    return ms;
  };
  const scheduleText = env.QUEUE_RETRY_SCHEDULE || '1m,5m,15m,1h';
  const steps = scheduleText.split(',').map((step) => parseDuration(step));
  if (steps.length > 50 || steps.some((step) => step === null))
    problems.push(
      `QUEUE_RETRY_SCHEDULE must be a comma-separated list of up to 50 durations such as 1m,5m,15m,1h (got ${JSON.stringify(scheduleText)})`,
    );
  const expirationMs = read('MESSAGE_EXPIRATION_TIMEOUT', '2d');
  const delayNotificationMs = read('DELAY_NOTIFICATION_TIMEOUT', undefined);
  if (problems.length) throw new ConfigError(problems);
  return {
    retryScheduleMs: steps as number[],
    expirationMs: expirationMs!,
    delayNotificationMs,
  };
}
