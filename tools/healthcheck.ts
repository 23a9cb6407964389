/**
 * Container health check: asks each role this container runs (ROLES) for its health over the
 * bus (NATS_URL), or, in the embedded mode, asks the local CAS's /healthz. Exit 0 when all
 * answer "ok", 1 otherwise, with one line saying what failed.
 *
 * Over NATS a role's health request is answered by any of its instances (queue group), so
 * with several replicas of a role this says the role is served, not that this replica is.
 */
import 'reflect-metadata';
import { request } from 'node:https';
import { HealthCheck } from '@mail/contracts';
import { createBusTransport, loadConfig } from '@mail/runtime';

async function viaBus(): Promise<string[]> {
  const config = loadConfig(process.env);
  const bus = createBusTransport({
    natsServers: config.natsServers,
    prefix: config.busPrefix,
    timeoutMs: 3000,
    drainTimeoutMs: 0,
    name: 'healthcheck',
  });
  const problems: string[] = [];
  for (const role of config.roles) {
    const reply = await bus.client
      .request(HealthCheck[role], { probe: 'healthcheck' })
      .catch((error: Error) => error);
    if (reply instanceof Error) problems.push(`${role}: ${reply.message}`);
    else if (reply.status !== 'ok') problems.push(`${role}: ${JSON.stringify(reply.checks)}`);
  }
  await bus.client.close();
  return problems;
}

function viaHttps(port: number): Promise<string[]> {
  return new Promise((resolve) => {
    // The local certificate may be self-signed; this only checks that the local CAS answers.
    const req = request(
      { host: '127.0.0.1', port, path: '/healthz', rejectUnauthorized: false, timeout: 5000 },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () =>
          resolve(res.statusCode === 200 ? [] : [`/healthz answered ${res.statusCode}: ${body}`]),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => resolve([`/healthz: ${error.message}`]));
    req.end();
  });
}

async function run(): Promise<void> {
  const config = loadConfig(process.env);
  const problems = config.natsServers ? await viaBus() : await viaHttps(config.httpsPort);
  if (problems.length) process.stderr.write(`unhealthy: ${problems.join('; ')}\n`);
  process.exit(problems.length ? 1 : 0);
}

run().catch((error: Error) => {
  process.stderr.write(`unhealthy: ${error.message}\n`);
  process.exit(1);
});
