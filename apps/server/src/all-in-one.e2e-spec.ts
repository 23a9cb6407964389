/**
 * The embedded all-in-one process as an operator runs it (`npm start`): a fresh DATA_DIR,
 * every role in one process, HTTPS with a generated certificate, the bootstrap administrator;
 * then a restart on the same data.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  freeStackPorts,
  httpsRequest,
  stackPortEnv,
  startProcess,
  waitForStart,
  type ServerProcess,
} from '@mail/runtime/testing';
import { decode, encode, fromXml } from '@mail/wbxml';

const EAS = '/Microsoft-Server-ActiveSync';
const FOLDER_SYNC_0 = encode(
  fromXml('<FolderSync xmlns="FolderHierarchy:"><SyncKey>0</SyncKey></FolderSync>'),
);

describe('all-in-one process (embedded storage, in-process bus)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mail-aio-'));
  let port: number;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    const ports = await freeStackPorts();
    port = ports.https;
    env = {
      DATA_DIR: dataDir,
      ...stackPortEnv(ports),
      ORG_DOMAIN: 'contoso.com',
    };
  });
  afterEach(async () => {
    await server?.stop('SIGKILL');
  });

  const ca = () => readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8');
  const options = (extra: { user?: string; password?: string } = {}) =>
    httpsRequest({ port, method: 'OPTIONS', path: EAS, ca: ca(), ...extra });

  let firstFingerprint: string;
  let adminPassword: string;

  it('starts from an empty DATA_DIR and challenges an unauthenticated OPTIONS', async () => {
    server = startProcess('server', env);
    await waitForStart(server);

    const answer = await options();
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toMatch(/^Basic realm=/);
    expect(answer.headers['x-request-id']).toBeTruthy();
    firstFingerprint = answer.certificateFingerprint;

    // The generated administrator password: printed once, kept with mode 0600.
    const file = join(dataDir, 'admin-password');
    adminPassword = readFileSync(file, 'utf8').trim();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(server.output()).toContain(`Password:      ${adminPassword}`);
    expect(statSync(join(dataDir, 'tls', 'server.key')).mode & 0o777).toBe(0o600);
    // No secret in the structured log lines.
    const logLines = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(logLines.join('\n')).not.toContain(adminPassword);

    const signedIn = await options({ user: 'admin@contoso.com', password: adminPassword });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers['ms-asprotocolversions']).toBe('2.5,12.0,12.1,14.0,14.1,16.0,16.1');

    const wrong = await options({ user: 'admin@contoso.com', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
  });

  it('reports every role healthy and serves Prometheus metrics', async () => {
    server = startProcess('server', env);
    await waitForStart(server);
    const health = await httpsRequest({ port, method: 'GET', path: '/healthz', ca: ca() });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body.toString())).toEqual({
      status: 'ok',
      roles: { cas: 'ok', mailbox: 'ok', 'hub-transport': 'ok', directory: 'ok' },
    });
    await options();
    const metrics = await httpsRequest({ port, method: 'GET', path: '/metrics', ca: ca() });
    expect(metrics.status).toBe(200);
    expect(metrics.body.toString()).toMatch(
      /http_requests_total\{method="OPTIONS",route="\/Microsoft-Server-ActiveSync",status="401"/,
    );
    expect(metrics.body.toString()).toContain('process_resident_memory_bytes');
  });

  it('shuts down cleanly on SIGTERM and SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      server = startProcess('server', env);
      await waitForStart(server);
      expect(await server.stop(signal)).toBe(0);
      expect(server.output()).toMatch(/"msg":"stopped"/);
    }
  });

  it('restarts on the same data, certificate and administrator', async () => {
    server = startProcess('server', env);
    await waitForStart(server);
    const answer = await options({ user: 'admin@contoso.com', password: adminPassword });
    expect(answer.status).toBe(200);
    expect(answer.certificateFingerprint).toBe(firstFingerprint);
    expect(server.output()).not.toContain('Password:');
    expect(readFileSync(join(dataDir, 'admin-password'), 'utf8').trim()).toBe(adminPassword);
    expect(await server.stop()).toBe(0);
  });
});

describe('all-in-one process with ADMIN_PASSWORD', () => {
  it('creates the administrator with the given password and prints none; serves plain HTTP_PORT, EAS included', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mail-aio-'));
    const [ports, httpPort] = await Promise.all([freeStackPorts(), freePort()]);
    const port = ports.https;
    const server = startProcess('server', {
      DATA_DIR: dataDir,
      ...stackPortEnv(ports),
      ADMIN_PASSWORD: 'Operator-Chosen-1',
      HTTP_PORT: String(httpPort),
      TRUSTED_PROXIES: '127.0.0.1',
    });
    try {
      await waitForStart(server);
      const ca = readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8');
      const answer = await httpsRequest({
        port,
        method: 'OPTIONS',
        path: EAS,
        ca,
        user: 'EXAMPLE\\admin',
        password: 'Operator-Chosen-1',
      });
      expect(answer.status).toBe(200);
      expect(server.output()).not.toContain('Operator-Chosen-1');
      expect(() => statSync(join(dataDir, 'admin-password'))).toThrow();
      // Behind a TLS-terminating proxy: the same routes over plain HTTP.
      const plain = await fetch(`http://127.0.0.1:${httpPort}/healthz`);
      expect(plain.status).toBe(200);
      expect(plain.headers.get('x-request-id')).toBeTruthy();
      // EAS through the front end: the same endpoint, the user named by the proxy's header.
      const eas = (method: string, headers: Record<string, string>) =>
        fetch(
          `http://127.0.0.1:${httpPort}${EAS}?Cmd=FolderSync&User=admin&DeviceId=Front1&DeviceType=Phone`,
          {
            method,
            headers: { 'MS-ASProtocolVersion': '14.1', ...headers },
            ...(method === 'POST' ? { body: FOLDER_SYNC_0 } : {}),
          },
        );
      expect((await eas('OPTIONS', {})).status).toBe(401);
      const options = await eas('OPTIONS', { 'X-Forwarded-User': 'admin@example.com' });
      expect(options.status).toBe(200);
      expect(options.headers.get('ms-asprotocolversions')).toContain('16.1');
      const folderSync = await eas('POST', {
        'X-Forwarded-User': 'admin@example.com',
        'Content-Type': 'application/vnd.ms-sync.wbxml',
        'X-MS-PolicyKey': '0',
      });
      // A new device: the answer a 14.1 phone gets first, Status 142 in the command's body.
      expect(folderSync.status).toBe(200);
      const refused = decode(new Uint8Array(await folderSync.arrayBuffer()));
      expect(refused.tag).toBe('FolderSync');
      expect(refused.content).toEqual([expect.objectContaining({ tag: 'Status', content: '142' })]);
    } finally {
      await server.stop('SIGKILL');
    }
  });
});
