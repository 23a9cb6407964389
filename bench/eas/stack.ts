// The EAS benchmarks' stacks: a real all-in-one server process (embedded PostgreSQL, in-process
// bus, HTTPS), quiet logs, one user, and a device already provisioned; and the distributed one.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EasClient,
  TEST_NATS_URL,
  createTestDatabase,
  freePort,
  freeStackPorts,
  stackPortEnv,
  startProcess,
  startStack,
  uniqueName,
  waitForStart,
  type Stack,
} from '../../libs/runtime/src/testing';

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

/**
 * The distributed stack: CAS alone in one process; directory, mailbox and hub transport in
 * another, on this machine's PostgreSQL and NATS, as a deployment runs them.
 */
export interface DistributedStack {
  stack: Stack;
  smtpPort: number;
  /** CAS's plain-HTTP port when it runs behind a TLS-terminating front end (the bench's). */
  frontEndPort?: number;
  /** The stack's database, to read when each message was stored. */
  databaseUrl: string;
  /** The process running directory, mailbox and hub transport. */
  backendPid: number;
  stop(): Promise<void>;
}

export async function distributedStack(
  name: string,
  options: { behindFrontEnd?: boolean } = {},
): Promise<DistributedStack> {
  const database = await createTestDatabase();
  const shared = {
    DATABASE_URL: database.url,
    NATS_URL: TEST_NATS_URL,
    BUS_PREFIX: uniqueName(name),
    ORG_DOMAIN: 'contoso.com',
    // The machine is shared: give the roles time rather than fail set-up requests with 503.
    BUS_TIMEOUT_MS: '15000',
  };
  const backendPorts = await freeStackPorts();
  const smtpPort = backendPorts.smtp;
  const backend = startProcess('server', {
    ...shared,
    ROLES: 'directory,mailbox,hub-transport',
    ADMIN_PASSWORD: ADMIN.password,
    DATA_DIR: mkdtempSync(join(tmpdir(), `${name}-`)),
    ...stackPortEnv(backendPorts),
    ...serverNodeOptions(),
  });
  await waitForStart(backend, 120_000);
  // Behind a front end, CAS also listens on plain HTTP and believes this machine's identity
  // header, as a deployment that terminates TLS in front of it is configured.
  const frontEndPort = options.behindFrontEnd ? await freePort() : undefined;
  const frontEnd: Record<string, string> = frontEndPort
    ? { HTTP_PORT: String(frontEndPort), TRUSTED_PROXIES: '127.0.0.1' }
    : {};
  const stack = await startStack({
    app: 'cas',
    env: { ...shared, ...frontEnd, ROLES: 'cas', LOG_LEVEL: 'warn', ...serverNodeOptions() },
    startTimeoutMs: 120_000,
  });
  const added = await stack.api('POST', '/mailboxes', ADMIN, {
    address: USER.user,
    displayName: 'Bench',
    password: USER.password,
  });
  if (added.status !== 201) throw new Error(`cannot add the bench user: ${added.status}`);
  return {
    stack,
    smtpPort,
    frontEndPort,
    databaseUrl: database.url,
    backendPid: backend.child.pid!,
    stop: async () => {
      await stack.stop();
      await backend.stop('SIGKILL');
      await database.drop();
    },
  };
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
  return { stack, device: await provisionedDevice(stack) };
}

/** The bench user's device, provisioned (14.1), as the trivial requests need it. */
export async function provisionedDevice(stack: Stack): Promise<EasClient> {
  const device = new EasClient({
    port: stack.ports.https,
    ca: stack.ca,
    ...USER,
    deviceId: 'BenchDevice1',
    version: '14.1',
    autoProvision: true,
  });
  await device.provision();
  return device;
}
