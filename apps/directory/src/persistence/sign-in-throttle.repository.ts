import type { DataSource } from 'typeorm';
import type { ThrottleState } from '../credentials/sign-in-throttle';

/** Throttle state per key ('user:<upn>', 'source:<address>'), shared by every directory instance. */
export class SignInThrottleRepository {
  constructor(private readonly dataSource: DataSource) {}

  async get(keys: string[]): Promise<Map<string, ThrottleState>> {
    const rows = await this.dataSource.query(
      'SELECT key, failures, last_failure_at, blocked_until FROM directory.sign_in_throttle WHERE key = ANY($1)',
      [keys],
    );
    return new Map(
      rows.map(
        (r: {
          key: string;
          failures: number;
          last_failure_at: Date;
          blocked_until: Date | null;
        }) => [
          r.key,
          { failures: r.failures, lastFailureAt: r.last_failure_at, blockedUntil: r.blocked_until },
        ],
      ),
    );
  }

  /** Applies `next` to the stored state atomically (concurrent failures are all counted). */
  async update(
    key: string,
    next: (current: ThrottleState | null) => ThrottleState,
  ): Promise<ThrottleState> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        'SELECT failures, last_failure_at, blocked_until FROM directory.sign_in_throttle WHERE key = $1 FOR UPDATE',
        [key],
      );
      const state = next(
        row
          ? {
              failures: row.failures,
              lastFailureAt: row.last_failure_at,
              blockedUntil: row.blocked_until,
            }
          : null,
      );
      await manager.query(
        `INSERT INTO directory.sign_in_throttle (key, failures, last_failure_at, blocked_until) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE SET failures = $2, last_failure_at = $3, blocked_until = $4`,
        [key, state.failures, state.lastFailureAt, state.blockedUntil],
      );
      return state;
    });
  }

  async clear(key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM directory.sign_in_throttle WHERE key = $1', [key]);
  }
}
