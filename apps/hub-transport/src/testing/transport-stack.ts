/**
 * An all-in-one stack on the machine's PostgreSQL and NATS (each run in its own database and
 * subject prefix), with a bus client of the test's own on the same prefix, for the hub
 * transport end-to-end suites.
 */
import { createBusTransport, type BusClient } from '@mail/runtime';
import {
  TEST_NATS_URL,
  createTestDatabase,
  startStack,
  uniqueName,
  type Credentials,
  type Stack,
  type TestDatabase,
} from '@mail/runtime/testing';

export const ADMIN: Credentials = { user: 'admin@contoso.com', password: 'Admin-Password-1' };

export interface TransportStack {
  stack: Stack;
  bus: BusClient;
  database: TestDatabase;
  prefix: string;
  /** mailctl --json that must succeed. */
  mailctl(args: string[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test answers are read ad hoc
  close(): Promise<void>;
}

export async function startTransportStack(
  env: Record<string, string> = {},
): Promise<TransportStack> {
  const database = await createTestDatabase();
  const prefix = uniqueName('hub');
  const stack = await startStack({
    env: {
      ORG_DOMAIN: 'contoso.com',
      ADMIN_PASSWORD: ADMIN.password,
      DATABASE_URL: database.url,
      NATS_URL: TEST_NATS_URL,
      BUS_PREFIX: prefix,
      ...env,
    },
  });
  const transport = createBusTransport({
    natsServers: [TEST_NATS_URL],
    prefix,
    timeoutMs: 10_000,
    drainTimeoutMs: 500,
    name: 'hub-e2e',
  });
  return {
    stack,
    bus: transport.client,
    database,
    prefix,
    mailctl: (args) => stack.mailctlJson(args, ADMIN),
    close: async () => {
      await stack.stop('SIGTERM');
      await transport.client.close();
      await database.drop();
    },
  };
}
