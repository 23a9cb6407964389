/**
 * A running all-in-one stack for end-to-end tests: a fresh DATA_DIR (unless given), a free port
 * for every listener, the process started and its certificate read, with helpers that speak
 * to it as clients do (HTTPS with the server's certificate as trust anchor, mailctl).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpsRequest, type HttpsAnswer } from './https-client';
import { repositoryRoot, startProcess, waitForStart, type ServerProcess } from './server-process';
import { freePorts } from './services';

const ROOT = repositoryRoot();

export interface StackPorts {
  https: number;
  smtp: number;
  submission: number;
  ldap: number;
}

export interface Credentials {
  user: string;
  password: string;
}

export interface Stack {
  server: ServerProcess;
  dataDir: string;
  ports: StackPorts;
  /** The server's certificate (PEM), generated into DATA_DIR on first start. */
  ca: string;
  https(
    method: string,
    path: string,
    options?: Partial<Credentials> & { headers?: Record<string, string>; body?: Buffer },
  ): Promise<HttpsAnswer>;
  /** A JSON call to the admin API (`/api` + path) signed in as `as`. */
  api(
    method: string,
    path: string,
    as: Credentials,
    body?: unknown,
  ): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test answers are read ad hoc
  /** Runs the real `mailctl` (node_modules/.bin) against this stack, signed in as `as`. */
  mailctl(
    args: string[],
    as: Credentials,
    env?: Record<string, string>,
  ): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** `mailctl --json ...` that must succeed (exit 0, nothing on stderr); its parsed answer. */
  mailctlJson(args: string[], as: Credentials): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test answers are read ad hoc
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export async function freeStackPorts(): Promise<StackPorts> {
  const [https, smtp, submission, ldap] = await freePorts(4);
  return { https, smtp, submission, ldap };
}

/** The environment that gives a server process these listeners. */
export function stackPortEnv(ports: StackPorts): Record<string, string> {
  return {
    HTTPS_PORT: String(ports.https),
    SMTP_PORT: String(ports.smtp),
    SUBMISSION_PORT: String(ports.submission),
    LDAP_PORT: String(ports.ldap),
  };
}

/** Without the "started" log line (a quiet LOG_LEVEL), waits until /healthz answers 200. */
async function waitForHealth(
  server: ServerProcess,
  port: number,
  dataDir: string,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  const certFile = join(dataDir, 'tls', 'server.crt');
  for (;;) {
    if (server.child.exitCode !== null)
      throw new Error(`process exited ${server.child.exitCode}:\n${server.output()}`);
    if (Date.now() > deadline) throw new Error(`process did not start in ${timeoutMs} ms`);
    if (existsSync(certFile)) {
      const ca = readFileSync(certFile, 'utf8');
      const ready = await httpsRequest({ port, method: 'GET', path: '/healthz', ca }).then(
        (answer) => answer.status === 200,
        () => false,
      );
      if (ready) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function startStack(
  options: {
    env?: Record<string, string>;
    dataDir?: string;
    ports?: StackPorts;
    app?: string;
    /** How long the process may take to start (a loaded machine is slow to start PGlite). */
    startTimeoutMs?: number;
  } = {},
): Promise<Stack> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'mail-stack-'));
  const ports = options.ports ?? (await freeStackPorts());
  const server = startProcess(options.app ?? 'server', {
    DATA_DIR: dataDir,
    ...stackPortEnv(ports),
    ...options.env,
  });
  const quiet = ['warn', 'error', 'fatal', 'silent'].includes(options.env?.LOG_LEVEL ?? 'info');
  try {
    if (quiet) await waitForHealth(server, ports.https, dataDir, options.startTimeoutMs ?? 60_000);
    else await waitForStart(server, options.startTimeoutMs);
  } catch (error) {
    // A process that did not start in time must not outlive the test that gave up on it.
    await server.stop('SIGKILL');
    throw error;
  }
  const ca = readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8');
  const https: Stack['https'] = (method, path, extra = {}) =>
    httpsRequest({ port: ports.https, method, path, ca, ...extra });
  const mailctl: Stack['mailctl'] = (args, as, env = {}) =>
    new Promise((resolve) => {
      const child = spawn(join(ROOT, 'node_modules', '.bin', 'mailctl'), args, {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          MAILCTL_SERVER: `https://localhost:${ports.https}`,
          MAILCTL_USER: as.user,
          MAILCTL_PASSWORD: as.password,
          MAILCTL_CA: join(dataDir, 'tls', 'server.crt'),
          ...env,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  return {
    server,
    dataDir,
    ports,
    ca,
    https,
    api: async (method, path, as, body) => {
      const answer = await https(method, `/api${path}`, {
        ...as,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
      });
      return {
        status: answer.status,
        body: answer.body.length ? JSON.parse(answer.body.toString()) : undefined,
      };
    },
    mailctl,
    mailctlJson: async (args, as) => {
      const run = await mailctl(['--json', ...args], as);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      return JSON.parse(run.stdout);
    },
    stop: (signal = 'SIGKILL') => server.stop(signal),
  };
}
