import { ConfigError } from '@mail/runtime';
import { parseDuration, transportSettingsFromEnv } from './settings';

describe('transport settings', () => {
  it('reads durations in the units operators write', () => {
    expect([parseDuration('500ms'), parseDuration('30s'), parseDuration('15m')]).toEqual([
      500, 30_000, 900_000,
    ]);
    expect([parseDuration('1h'), parseDuration(' 2d ')]).toEqual([3_600_000, 172_800_000]);
    expect([
      parseDuration('0s'),
      parseDuration('31d'),
      parseDuration('1w'),
      parseDuration('-1m'),
    ]).toEqual([null, null, null, null]);
  });

  it("defaults to Exchange's expiry and a 1m, 5m, 15m, 1h schedule, without delay notices", () => {
    expect(transportSettingsFromEnv({})).toEqual({
      retryScheduleMs: [60_000, 300_000, 900_000, 3_600_000],
      expirationMs: 172_800_000,
      delayNotificationMs: null,
    });
    expect(
      transportSettingsFromEnv({
        QUEUE_RETRY_SCHEDULE: '1s,2s',
        MESSAGE_EXPIRATION_TIMEOUT: '1h',
        DELAY_NOTIFICATION_TIMEOUT: '4h',
      }),
    ).toEqual({
      retryScheduleMs: [1000, 2000],
      expirationMs: 3_600_000,
      delayNotificationMs: 14_400_000,
    });
  });

  it('stops the start naming each bad variable', () => {
    const error = (() => {
      try {
        transportSettingsFromEnv({
          QUEUE_RETRY_SCHEDULE: '1m,soon',
          MESSAGE_EXPIRATION_TIMEOUT: '2 days',
        });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toEqual([
      expect.stringMatching(/^QUEUE_RETRY_SCHEDULE must be a comma-separated list/),
      expect.stringMatching(/^MESSAGE_EXPIRATION_TIMEOUT must be a duration/),
    ]);
  });
});
