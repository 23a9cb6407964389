// The EAS benchmarks' stack: a real all-in-one server process (embedded PostgreSQL, in-process
// bus, HTTPS), quiet logs, one user, and a device already provisioned.
import { EasClient, startStack, type Stack } from '../../libs/runtime/src/testing';

export const USER = { user: 'bench@contoso.com', password: 'Bench-Password-1' };
export const ADMIN = { user: 'admin@contoso.com', password: 'Bench-Admin-1' };

export interface BenchStack {
  stack: Stack;
  device: EasClient;
}

/**
 * NODE_OPTIONS for the measured server process, from BENCH_SERVER_NODE_OPTIONS: lets a run
 * profile it (say, --require of a script that starts the inspector's profiler).
 */
export function serverNodeOptions(): { NODE_OPTIONS?: string } {
  const options = process.env.BENCH_SERVER_NODE_OPTIONS;
  return options ? { NODE_OPTIONS: options } : {};
}

export async function benchStack(): Promise<BenchStack> {
  const stack = await startStack({
    env: {
      ORG_DOMAIN: 'contoso.com',
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      ...serverNodeOptions(),
    },
    startTimeoutMs: 120_000,
  });
  const added = await stack.api('POST', '/mailboxes', ADMIN, {
    address: USER.user,
    displayName: 'Bench',
    password: USER.password,
  });
  if (added.status !== 201) throw new Error(`cannot add the bench user: ${JSON.stringify(added)}`);
  const device = new EasClient({
    port: stack.ports.https,
    ca: stack.ca,
    ...USER,
    deviceId: 'BenchDevice1',
    version: '14.1',
    autoProvision: true,
  });
  await device.provision();
  return { stack, device };
}

/** Percentile of latencies in microseconds. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
