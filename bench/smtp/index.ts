// SMTP benchmark (issue 6 targets): messages accepted per second on SMTP_PORT with the queue
// durable in PostgreSQL (5 KB messages; 20 reused sessions, and one connection per message
// over 200 sessions), the 99th percentile from end of DATA to 250 at half the target load,
// and the time from 250 to the item in the mailbox. smtp-source drives the throughput runs,
// and the same runs against smtp-sink give the ceiling of the machine. Distributed as in
// production, on the machine's PostgreSQL (fresh database) and NATS: one process with CAS,
// the directory and hub transport, and the mailbox role in its own process, started after the
// first runs so they show the accept path alone; later runs have delivery competing for the
// same CPUs. Prints plain lines.
// Run: node dist/bench/smtp/index.js (after the swc build; needs postfix's smtp-source/sink).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { cpus, loadavg, userInfo } from 'node:os';
import { Client } from 'pg';
import {
  TEST_NATS_URL,
  createTestDatabase,
  freePort,
  uniqueName,
} from '../../libs/runtime/src/testing/services';
import {
  startProcess,
  waitForStart,
  type ServerProcess,
} from '../../libs/runtime/src/testing/server-process';
import { startStack, type Stack } from '../../libs/runtime/src/testing/stack';
import { SmtpSession } from '../../apps/hub-transport/src/testing/smtp-session';
import { queueIdOf, storedAfter, type Accepted } from '../shared/stored';
import { percentile } from '../shared/percentile';

const ADMIN = { user: 'admin@contoso.com', password: 'Bench-Admin-Password-1' };
const REUSED = { sessions: 20, messages: 8_000 };
const PER_MESSAGE = { sessions: 200, messages: 4_000 };
/** The rate of the run that measures the time to the mailbox without a backlog. */
const UNLOADED_RATE = 50;
const PACED_SECONDS = 10;
const PACED_SESSIONS = 20;
/** Recipients of the paced run, so delivery is not measured against one folder's lock. */
const MAILBOXES = 20;
const TARGET = { reused: 2000, perMessage: 1000, p99Ms: 25 };

const tool = (name: string) => (existsSync(`/usr/sbin/${name}`) ? `/usr/sbin/${name}` : name);
const verdict = (hit: boolean) => (hit ? 'HIT' : 'MISS');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** smtp-source: `sessions` in parallel, `messages` of 5 KB, -d to reuse each connection. */
async function smtpSource(
  port: number,
  run: { sessions: number; messages: number },
  reuse: boolean,
): Promise<{ rate: number; seconds: number; errors: string[] }> {
  const args = [
    ...['-s', String(run.sessions), '-m', String(run.messages), '-l', '5120'],
    ...['-f', 'lee@fabrikam.com', '-t', 'bench@contoso.com', '-M', 'bench.client'],
    ...(reuse ? ['-d'] : []),
    `127.0.0.1:${port}`,
  ];
  const started = process.hrtime.bigint();
  const child = spawn(tool('smtp-source'), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  await new Promise((resolve) => child.once('exit', resolve));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rate: run.messages / seconds, seconds, errors: stderr.split('\n').filter(Boolean) };
}

async function untilListening(port: number): Promise<void> {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => resolve(true)).once('error', () => resolve(false));
      socket.once('close', () => undefined);
      setTimeout(() => socket.destroy(), 50);
    });
    if (open) return;
    await sleep(50);
  }
}

/** The same smtp-source runs against postfix's smtp-sink: what this machine can push at all. */
async function ceiling(): Promise<void> {
  const port = await freePort();
  const privileges = userInfo().uid === 0 ? ['-u', 'nobody'] : [];
  const sink: ChildProcess = spawn(
    tool('smtp-sink'),
    [...privileges, '-m', '1000', `127.0.0.1:${port}`, '1024'],
    { stdio: 'ignore' },
  );
  try {
    await untilListening(port);
    const reused = await smtpSource(port, REUSED, true);
    console.log(
      `ceiling, smtp-source -> smtp-sink, ${REUSED.sessions} reused sessions: ${reused.rate.toFixed(0)} msg/s (${REUSED.messages} messages in ${reused.seconds.toFixed(1)} s)`,
    );
    const fresh = await smtpSource(port, PER_MESSAGE, false);
    console.log(
      `ceiling, smtp-source -> smtp-sink, connection per message, ${PER_MESSAGE.sessions} sessions: ${fresh.rate.toFixed(0)} msg/s`,
    );
  } finally {
    sink.kill('SIGTERM');
  }
}

/** Waits until the queue is empty; how long that took. */
async function drain(sql: Client, timeoutMs = 600_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const { rows } = await sql.query('SELECT count(*)::int AS n FROM transport.message');
    if (rows[0].n === 0 || Date.now() - started > timeoutMs) return (Date.now() - started) / 1000;
    await sleep(250);
  }
}

/**
 * Empties the queue between runs (this throwaway database is the benchmark's own). The
 * workers hold rows meanwhile: a deadlock with one of them is simply tried again.
 */
async function emptyQueue(sql: Client): Promise<void> {
  for (;;) {
    try {
      await sql.query('DELETE FROM transport.message');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01') throw error;
    }
  }
}

/**
 * `rate` messages per second over PACED_SESSIONS sessions for PACED_SECONDS: the time from
 * the final dot to the 250, and each message's queue id with the moment its 250 arrived.
 */
async function paced(port: number, rate: number, seconds = PACED_SECONDS) {
  const perSession = rate / PACED_SESSIONS;
  const accepted: Accepted[] = [];
  const latencies: number[] = [];
  const body = `${`${'x'.repeat(76)}\r\n`.repeat(64)}`;
  const until = Date.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: PACED_SESSIONS }, async (_, s) => {
      const session = await SmtpSession.ready(port);
      const start = Date.now() + (s * 1000) / rate;
      if (start > until) return session.quit();
      for (let i = 0; ; i++) {
        const due = start + (i * 1000) / perSession;
        if (due > until) break;
        if (due > Date.now()) await sleep(due - Date.now());
        const to = `user${n++ % MAILBOXES}@contoso.com`;
        await session.command('MAIL FROM:<lee@fabrikam.com>');
        await session.command(`RCPT TO:<${to}>`);
        await session.command('DATA');
        const sent = process.hrtime.bigint();
        session.write(`Subject: paced ${s}-${i}\r\n\r\n${body}.\r\n`);
        const reply = await session.reply();
        latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
        const queueId = queueIdOf(reply.text);
        if (queueId) accepted.push({ queueId, at: Date.now() });
      }
      await session.quit();
    }),
  );
  return { accepted, latencies };
}

async function main() {
  console.log(
    `machine: ${cpus().length} CPUs shared with other work, load ${loadavg()[0].toFixed(2)} at start`,
  );
  await ceiling();

  const database = await createTestDatabase();
  const prefix = uniqueName('bench');
  const distributed = {
    DATABASE_URL: database.url,
    NATS_URL: TEST_NATS_URL,
    BUS_PREFIX: prefix,
    ORG_DOMAIN: 'contoso.com',
    ADMIN_PASSWORD: ADMIN.password,
  };
  let stack: Stack | undefined;
  let mailbox: ServerProcess | undefined;
  const sql = new Client({ connectionString: database.url });
  try {
    stack = await startStack({ env: { ...distributed, ROLES: 'cas,directory,hub-transport' } });
    await sql.connect();
    const api = (method: string, path: string, body?: unknown) =>
      stack!.api(method, path, ADMIN, body).then((answer) => {
        if (answer.status >= 300)
          throw new Error(`${method} ${path}: ${JSON.stringify(answer.body)}`);
        return answer.body;
      });
    const users = Array.from({ length: MAILBOXES }, (_, i) => `user${i}@contoso.com`);
    for (const address of ['bench@contoso.com', ...users])
      await api('POST', '/mailboxes', { address, displayName: address });
    await api('PATCH', '/receive-connectors/Default', { maxInboundConnectionPerSource: 1000 });
    const port = stack.ports.smtp;
    // The listener reads connector settings every few seconds: wait until 25 sessions get in.
    for (;;) {
      const sessions = await Promise.all(Array.from({ length: 25 }, () => SmtpSession.open(port)));
      const refused = sessions.some((s) => s.greeting.code !== 220);
      await Promise.all(sessions.map((s) => s.quit()));
      if (!refused) break;
      await sleep(1000);
    }
    await smtpSource(port, { sessions: 10, messages: 300 }, true); // warm-up
    const durable = '5 KB messages, queue durable in PostgreSQL (synchronous_commit on)';

    const report = (
      what: string,
      run: Awaited<ReturnType<typeof smtpSource>>,
      n: number,
      target: number,
    ) =>
      console.log(
        `${what}: ${run.rate.toFixed(0)} msg/s (${n} messages in ${run.seconds.toFixed(1)} s, ${durable}; ${run.errors.length} errors) target >= ${target}/s: ${verdict(run.rate >= target)}`,
      );
    report(
      `accepted on SMTP_PORT, ${REUSED.sessions} reused sessions, mailbox role not running yet`,
      await smtpSource(port, REUSED, true),
      REUSED.messages,
      TARGET.reused,
    );
    await emptyQueue(sql);
    report(
      `accepted on SMTP_PORT, connection per message, ${PER_MESSAGE.sessions} sessions, mailbox role not running yet`,
      await smtpSource(port, PER_MESSAGE, false),
      PER_MESSAGE.messages,
      TARGET.perMessage,
    );
    await emptyQueue(sql);

    mailbox = startProcess('mailbox', { ...distributed, ROLES: 'mailbox' });
    await waitForStart(mailbox);
    const busy = await smtpSource(port, REUSED, true);
    report(
      `accepted on SMTP_PORT, ${REUSED.sessions} reused sessions, delivery running on the same CPUs`,
      busy,
      REUSED.messages,
      TARGET.reused,
    );
    const drained = await drain(sql);
    console.log(
      `  delivery into one mailbox kept ${(REUSED.messages / (busy.seconds + drained)).toFixed(0)} msg/s (queue empty ${drained.toFixed(1)} s after the last 250)`,
    );

    const load = TARGET.reused / 2;
    const { accepted, latencies } = await paced(port, load);
    console.log(
      `end of DATA to 250 at ${load} msg/s offered (${(accepted.length / PACED_SECONDS).toFixed(0)} msg/s achieved, ${PACED_SESSIONS} sessions, ${accepted.length} messages, delivery running): p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms target p99 < ${TARGET.p99Ms} ms: ${verdict(percentile(latencies, 99) < TARGET.p99Ms)}`,
    );
    const backlog = await storedAfter(sql, accepted);
    console.log(
      `  250 to the item in the mailbox for those (${backlog.delivered}/${accepted.length} delivered, ${MAILBOXES} mailboxes, delivery behind the offered load): p50 ${percentile(backlog.times, 50)} ms, p99 ${percentile(backlog.times, 99)} ms`,
    );
    await drain(sql);
    const calm = await paced(port, UNLOADED_RATE);
    const e2e = await storedAfter(sql, calm.accepted);
    console.log(
      `250 to the item in the mailbox at ${UNLOADED_RATE} msg/s (${e2e.delivered}/${calm.accepted.length} delivered, ${MAILBOXES} mailboxes, no backlog): p50 ${percentile(e2e.times, 50)} ms, p99 ${percentile(e2e.times, 99)} ms; end of DATA to 250 p99 ${percentile(calm.latencies, 99).toFixed(1)} ms`,
    );
    console.log(`machine load at the end: ${loadavg()[0].toFixed(2)}`);
  } finally {
    await sql.end().catch(() => undefined);
    await mailbox?.stop('SIGTERM');
    await stack?.stop('SIGTERM');
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
