/**
 * Distributed mode: processes with different ROLES on the real PostgreSQL and NATS of this
 * machine, each test run in its own database and subject prefix. Each process's CAS asks every
 * role for its health, so the two processes answer each other; a killed or frozen process
 * makes requests to its roles fail (at once, or at the deadline), never hang.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HealthCheck } from '@mail/contracts';
import { BusError, BusTimeoutError, createBusTransport, type BusTransport } from '@mail/runtime';
import {
  TEST_NATS_URL,
  builtFile,
  createTestDatabase,
  freePorts,
  httpsRequest,
  stackPortEnv,
  startProcess,
  uniqueName,
  waitForStart,
  type ServerProcess,
  type StackPorts,
  type TestDatabase,
} from '@mail/runtime/testing';

describe('two processes with different ROLES on PostgreSQL and NATS', () => {
  let database: TestDatabase;
  let bus: BusTransport;
  let prefix: string;
  const processes: ServerProcess[] = [];
  let ports: Record<'a' | 'b', StackPorts>;
  const dataDir = {
    a: mkdtempSync(join(tmpdir(), 'mail-a-')),
    b: mkdtempSync(join(tmpdir(), 'mail-b-')),
  };

  const start = async (name: 'a' | 'b', app: string, roles: string) => {
    const server = startProcess(app, {
      ROLES: roles,
      DATABASE_URL: database.url,
      NATS_URL: TEST_NATS_URL,
      BUS_PREFIX: prefix,
      BUS_TIMEOUT_MS: '1500',
      DATA_DIR: dataDir[name],
      ...stackPortEnv(ports[name]),
      ORG_DOMAIN: 'fabrikam.com',
      ADMIN_PASSWORD: 'Distributed-Admin-1',
    });
    processes.push(server);
    await waitForStart(server);
    return server;
  };
  /** The container health check (docker/Dockerfile) for a container running `roles`. */
  const healthcheck = (roles: string) =>
    spawnSync(process.execPath, [builtFile('tools/healthcheck.js')], {
      env: { PATH: process.env.PATH, ROLES: roles, NATS_URL: TEST_NATS_URL, BUS_PREFIX: prefix },
      encoding: 'utf8',
    });
  const ca = (name: 'a' | 'b') => readFileSync(join(dataDir[name], 'tls', 'server.crt'), 'utf8');
  const healthz = (name: 'a' | 'b') =>
    httpsRequest({ port: ports[name].https, method: 'GET', path: '/healthz', ca: ca(name) });
  /** What a device's first request is: OPTIONS on the EAS path, signed in as the administrator. */
  const deviceOptions = (name: 'a' | 'b', password = 'Distributed-Admin-1') =>
    httpsRequest({
      port: ports[name].https,
      method: 'OPTIONS',
      path: '/Microsoft-Server-ActiveSync',
      ca: ca(name),
      user: 'admin@fabrikam.com',
      password,
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    prefix = uniqueName('e2e');
    // Both processes' listeners chosen at once, so neither can be handed one of the other's.
    const [https, smtp, submission, ldap, ...b] = await freePorts(8);
    ports = {
      a: { https, smtp, submission, ldap },
      b: { https: b[0], smtp: b[1], submission: b[2], ldap: b[3] },
    };
    bus = createBusTransport({
      natsServers: [TEST_NATS_URL],
      prefix,
      timeoutMs: 1500,
      drainTimeoutMs: 100,
      name: 'e2e-test',
    });
  });
  afterAll(async () => {
    for (const server of processes) {
      server.child.kill('SIGCONT');
      await server.stop('SIGKILL');
    }
    await bus.client.close();
    await database.drop();
  });

  let a: ServerProcess;
  let b: ServerProcess;

  it('answers each other’s health requests', async () => {
    [a, b] = await Promise.all([
      start('a', 'cas', 'cas,mailbox'),
      start('b', 'directory', 'cas,directory,hub-transport'),
    ]);

    // Each process's /healthz needs the roles only the other one hosts.
    for (const name of ['a', 'b'] as const) {
      const answer = await healthz(name);
      expect({ name, status: answer.status, body: JSON.parse(answer.body.toString()) }).toEqual({
        name,
        status: 200,
        body: {
          status: 'ok',
          roles: { cas: 'ok', mailbox: 'ok', 'hub-transport': 'ok', directory: 'ok' },
        },
      });
    }
    // And the bus shows who answered: mailbox from a, directory from b, with their databases up.
    const mailbox = await bus.client.request(HealthCheck.mailbox, { probe: 'p1' });
    expect(mailbox).toMatchObject({
      role: 'mailbox',
      status: 'ok',
      checks: { database: 'ok' },
      probe: 'p1',
    });
    expect(mailbox.instance).toMatch(new RegExp(`:${a.child.pid}$`));
    const directory = await bus.client.request(HealthCheck.directory, {});
    expect(directory.instance).toMatch(new RegExp(`:${b.child.pid}$`));

    // The container health check sees the roles wherever they run.
    expect(healthcheck('mailbox,directory')).toMatchObject({ status: 0 });

    // The directory of b signs in a device talking to the CAS of a.
    const signedIn = await deviceOptions('a');
    expect(signedIn.status).toBe(200);
  });

  it('fails requests to a killed process’s roles at once, not with a hang', async () => {
    await b.stop('SIGKILL');
    // Until NATS has read the dead connection's end, a request can still be routed to its
    // subscription and go unanswered: then it must end at the deadline as a temporary error.
    const first = Date.now();
    const early = await bus.client
      .request(HealthCheck.directory, {}, { timeoutMs: 800 })
      .catch((e: unknown) => e);
    expect(early).toBeInstanceOf(BusError);
    expect(early).toMatchObject({ temporary: true });
    expect(Date.now() - first).toBeLessThan(1500);
    // Once NATS has dropped the subscription, it says at once that nobody serves the role.
    let error: unknown;
    let waited = 0;
    for (const deadline = Date.now() + 5000; Date.now() < deadline;) {
      const started = Date.now();
      error = await bus.client.request(HealthCheck.directory, {}).catch((e: unknown) => e);
      waited = Date.now() - started;
      if ((error as BusError).code === 'unavailable') break;
    }
    expect(error).toBeInstanceOf(BusError);
    expect(error).toMatchObject({ code: 'unavailable', temporary: true });
    expect(waited).toBeLessThan(1000);

    const answer = await healthz('a');
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body.toString()).roles).toEqual({
      cas: 'ok',
      mailbox: 'ok',
      'hub-transport': 'unreachable',
      directory: 'unreachable',
    });
    const check = healthcheck('directory');
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/^unhealthy: directory: no instance is serving/);

    // A sign-in CAS has not verified recently needs the directory: 503 with Retry-After while
    // it is away, not a hang or a 500. One verified a moment ago is still served from CAS's cache.
    const device = await deviceOptions('a', 'Not-Verified-Yet-1');
    expect(device.status).toBe(503);
    expect(device.headers['retry-after']).toBe('30');
    expect((await deviceOptions('a')).status).toBe(200);
  });

  it('fails requests to a frozen process’s roles with a timeout error at the deadline', async () => {
    b = await start('b', 'directory', 'cas,directory,hub-transport');
    await expect(bus.client.request(HealthCheck.directory, {})).resolves.toMatchObject({
      status: 'ok',
    });
    b.child.kill('SIGSTOP');
    const started = Date.now();
    const error = await bus.client
      .request(HealthCheck.directory, {}, { timeoutMs: 800 })
      .catch((e: unknown) => e);
    const waited = Date.now() - started;
    expect(error).toBeInstanceOf(BusTimeoutError);
    expect(waited).toBeGreaterThanOrEqual(790);
    expect(waited).toBeLessThan(2000);
    b.child.kill('SIGCONT');
  });
});
