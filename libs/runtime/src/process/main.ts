/**
 * The body of every entry point: start the process, stop it gracefully on SIGTERM/SIGINT,
 * and turn a configuration error into a clear message and exit code 78 (EX_CONFIG).
 */
import type { RoleName } from '@mail/contracts';
import { ConfigError } from '../config/config';
import { runProcess } from './run-process';

export const EXIT_CONFIG = 78;

export async function main(defaultRoles?: RoleName[]): Promise<void> {
  let running;
  try {
    running = await runProcess({ defaultRoles });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    process.stderr.write(
      `Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  }
  const { stop, config, runtime } = running;
  const onSignal = (signal: NodeJS.Signals) => {
    // A second signal while stopping means the operator wants out now.
    process.once(signal, () => process.exit(130));
    const timer = setTimeout(() => {
      runtime.logger.error(
        { timeoutMs: config.shutdownTimeoutMs },
        'shutdown took too long; exiting',
      );
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    stop(signal).then(
      () => process.exit(0),
      (error) => {
        runtime.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
