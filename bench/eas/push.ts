// Targets (issue 7): 19,000 held Pings in one CAS process at <= 250 MB RSS and under 2% CPU
// while idle (no per-Ping polling); push latency from SMTP 250 to the Ping answer with 10,000
// Pings held and 200 messages/s: median under 50 ms, 99th percentile under 250 ms.
// The target is CAS's own process, so these figures run on their own distributed stack
// (stack.ts). Held Pings come from this process over one HTTPS connection each (this
// process and CAS's need `ulimit -n` above the count). Bystanders are devices of the bench
// user, who gets no mail; the latency run's messages go round robin to TARGETS users, each with
// one device that, as a phone does, Syncs its Inbox when a Ping says it changed and Pings
// again; the Sync says which messages each answer was for.
import { cpus } from 'node:os';
import { Client } from 'pg';
import type { Stack } from '../../libs/runtime/src/testing';
import { SmtpSession } from '../../apps/hub-transport/src/testing/smtp-session';
import { PingFleet, pool, type Answer, type Credentials } from './ping-fleet';
import { queueIdOf, storedAfter, type Accepted } from '../shared/stored';
import { distributedStack, USER, ADMIN, type DistributedStack } from './stack';
import { percentile } from '../shared/percentile';
import { CLOCK_TICKS, cpuShares, groupTicks, type ProcessGroups } from '../shared/process-usage';

/** The targets' counts; PUSH_HELD, PUSH_LATENCY_HELD, PUSH_TARGETS, PUSH_RATE scale a run down. */
const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
export const HELD = setting('PUSH_HELD', 19_000);
const LATENCY = {
  held: setting('PUSH_LATENCY_HELD', 10_000),
  targets: setting('PUSH_TARGETS', 200),
  rate: setting('PUSH_RATE', 200),
  /**
   * Sent at the same rate before the measured seconds and reported apart: the first seconds
   * of load after the quiet set-up run slower (the back end spends more CPU for fewer
   * messages while the paths just woken warm up), and the target is the latency at that
   * rate, not the cold start.
   */
  warmupSeconds: setting('PUSH_WARMUP', 5),
  seconds: 10,
  sessions: 20,
};
/** Longer than the run: held Pings must not expire while measured. */
const HEARTBEAT_SECONDS = 3000;
const IDLE_SECONDS = 10;
/**
 * PUSH_FRONT_END=proxy: the devices reach CAS through a TLS-terminating front end (this
 * process, in plain HTTP with the trusted identity header), so CAS holds no TLS state.
 */
const BEHIND_FRONT_END = process.env.PUSH_FRONT_END === 'proxy';
/** Percent of a core under which the server counts as done with what it was sent. */
const SETTLED_CPU = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (kb: number) => (kb / 1024).toFixed(0);
const count = (answers: Answer[]) =>
  answers.reduce<Record<string, number>>((all, a) => {
    const key = String(a.easStatus ?? `HTTP ${a.status}`);
    return { ...all, [key]: (all[key] ?? 0) + 1 };
  }, {});

/** Holds a Ping for each device; resolves once every request is on the wire. */
async function holdPings(fleet: PingFleet, devices: string[], body: Buffer, early: Answer[]) {
  await pool(
    devices,
    64,
    (deviceId) =>
      new Promise<void>((sent) => {
        fleet.ping(USER, deviceId, body, sent).then(
          (answer) => early.push(answer),
          () => early.push({ status: 0, folders: [] }),
        );
      }),
  );
}

async function heldPings(push: DistributedStack, devices: string[], inbox: string) {
  const fleet = new PingFleet(push.stack, push.frontEndPort);
  const early: Answer[] = [];
  const idle = fleet.serverUsage();
  const started = Date.now();
  await holdPings(fleet, devices, PingFleet.ping(HEARTBEAT_SECONDS, [inbox]), early);
  const sendSeconds = (Date.now() - started) / 1000;
  // The server may still be starting Pings it has read (each asks the other roles first):
  // holding begins once its CPU has come down.
  const settled = await settle(fleet);
  const from = fleet.serverUsage();
  await sleep(IDLE_SECONDS * 1000);
  const to = fleet.serverUsage();
  fleet.close();
  const cpu = ((to.cpuTicks - from.cpuTicks) / CLOCK_TICKS / IDLE_SECONDS) * 100;
  return [
    `held Pings: ${devices.length} devices, one ${push.frontEndPort ? 'plain HTTP connection from a TLS-terminating front end' : 'HTTPS connection'} each, HeartbeatInterval ${HEARTBEAT_SECONDS} s:`,
    `  sent in ${sendSeconds.toFixed(1)} s, all started ${settled.toFixed(0)} s later; answered early (should be none): ${early.length} ${JSON.stringify(count(early))}`,
    `  server RSS ${mb(from.rssKb)} MB held (${mb(idle.rssKb)} MB before; target <= 250 MB)`,
    `  server CPU while holding them, idle ${IDLE_SECONDS} s: ${cpu.toFixed(2)}% of one core (target < 2%)`,
  ];
}

/** Seconds until the server's CPU stays under SETTLED_CPU for 2 s (at least 5 s, at most 180 s). */
async function settle(fleet: PingFleet): Promise<number> {
  const started = Date.now();
  await sleep(3_000);
  for (let last = fleet.serverUsage(); Date.now() - started < 180_000;) {
    await sleep(2_000);
    const now = fleet.serverUsage();
    const cpu = ((now.cpuTicks - last.cpuTicks) / CLOCK_TICKS / 2) * 100;
    last = now;
    if (cpu < SETTLED_CPU) break;
  }
  return (Date.now() - started) / 1000;
}

/** The users the latency run mails, each with one Ping device; argon2 makes adding them slow. */
async function addTargets(stack: Stack): Promise<Array<Credentials & { inbox: string }>> {
  const targets: Array<Credentials & { inbox: string }> = [];
  const add = async (i: number, tries = 3): Promise<void> => {
    const who = { user: `push${i}@contoso.com`, password: `Push-Password-${i}` };
    const added = await stack.api('POST', '/mailboxes', ADMIN, {
      address: who.user,
      displayName: `Push ${i}`,
      password: who.password,
    });
    if (added.status === 201) targets[i] = { ...who, inbox: '' };
    else if (tries > 1) return add(i, tries - 1);
    else throw new Error(`cannot add ${who.user}: ${added.status}`);
  };
  await pool(
    Array.from({ length: LATENCY.targets }, (_, i) => i),
    2,
    (i) => add(i),
  );
  return targets;
}

async function pushLatency(
  push: DistributedStack,
  targets: Array<Credentials & { inbox: string }>,
  bystanders: string[],
  inbox: string,
) {
  const { stack } = push;
  const fleet = new PingFleet(stack, push.frontEndPort);
  await pool(targets, 8, async (t) => void (t.inbox = await fleet.enroll(t, 'Target')));
  const early: Answer[] = [];
  await holdPings(fleet, bystanders, PingFleet.ping(HEARTBEAT_SECONDS, [inbox]), early);

  // Each target keeps its Inbox in sync as a phone does: on Status 2 it Syncs, which says
  // which messages the answer was for. Each sighting: the subject, when the Ping was answered,
  // when the Sync that brought it was.
  const sightings: Array<{ subject: string; pinged: number; synced: number }> = [];
  const keys = new Map<number, string>();
  await pool(targets, 8, async (t) => {
    const i = targets.indexOf(t);
    let step = await fleet.sync(t, 'Target', t.inbox, '0');
    do step = await fleet.sync(t, 'Target', t.inbox, step.key);
    while (step.more);
    keys.set(i, step.key);
  });
  let stopped = false;
  let answers = 0;
  const targetAnswers: Answer[] = [];
  const loops = targets.map(async (t, i) => {
    const body = PingFleet.ping(HEARTBEAT_SECONDS, [t.inbox]);
    while (!stopped) {
      const answer = await fleet.ping(t, 'Target', body).catch(() => undefined);
      if (!stopped) targetAnswers.push(answer ?? { status: 0, folders: [] });
      if (answer?.easStatus !== 2) {
        if (!stopped) await sleep(100);
        continue;
      }
      answers++;
      const pinged = Date.now();
      for (let more = true; more && !stopped;) {
        const step = await fleet.sync(t, 'Target', t.inbox, keys.get(i)!).catch(() => undefined);
        if (!step) break;
        keys.set(i, step.key);
        more = step.more;
        const synced = Date.now();
        for (const subject of step.subjects) sightings.push({ subject, pinged, synced });
      }
    }
  });
  // Each Ping costs bus requests as it starts: let the bystanders' settle before measuring.
  await sleep(20_000);

  let sent = 0;
  const queued: Accepted[] = [];
  const warmQueued: Accepted[] = [];
  const bySubject = new Map<string, Accepted>();
  process.stderr.write(`${new Date().toISOString()} sending ${LATENCY.rate} messages/s\n`);
  const from = Date.now();
  const started = from + LATENCY.warmupSeconds * 1000;
  const until = started + LATENCY.seconds * 1000;
  const perSession = LATENCY.rate / LATENCY.sessions;
  // Where the machine's CPU goes over the measured seconds, process by process.
  const groups: ProcessGroups = {
    CAS: stack.server.child.pid!,
    'directory+mailbox+hub': push.backendPid,
    PostgreSQL: 'postgres',
    NATS: 'nats-server',
    'load generator': process.pid,
  };
  const cpu: Array<Record<string, number>> = [];
  for (const at of [started, until])
    setTimeout(() => cpu.push(groupTicks(groups)), at - Date.now());
  await Promise.all(
    Array.from({ length: LATENCY.sessions }, async (_, s) => {
      const session = await SmtpSession.ready(push.smtpPort);
      for (let n = 0; ; n++) {
        const due = from + (s * 1000) / LATENCY.rate + (n * 1000) / perSession;
        if (due > until) break;
        if (due > Date.now()) await sleep(due - Date.now());
        const i = (n * LATENCY.sessions + s) % targets.length;
        const subject = `push ${s}-${n}`;
        const replies = await session.pipelined(
          'kim@fabrikam.com',
          [targets[i].user],
          `Subject: ${subject}\r\n\r\nhello\r\n`,
        );
        const last = replies.at(-1);
        const queueId = last?.code === 250 ? queueIdOf(last.text) : undefined;
        if (!queueId) continue;
        const accepted = { queueId, at: Date.now() };
        bySubject.set(subject, accepted);
        if (due < started) warmQueued.push(accepted);
        else {
          sent++;
          queued.push(accepted);
        }
      }
      await session.quit();
    }),
  );
  const sendSeconds = (Date.now() - started) / 1000;
  await sleep(3_000);
  stopped = true;
  // Closing the fleet ends the bystanders' Pings too: what they got before is what counts.
  const bystanderAnswers = [...early];
  fleet.close();
  await Promise.all(loops);
  const sql = new Client({ connectionString: push.databaseUrl });
  await sql.connect();
  const { stored, times: toStore } = await storedAfter(sql, queued, 60_000);
  const { stored: storedWarm } = await storedAfter(sql, warmQueued, 60_000).finally(() =>
    sql.end(),
  );
  // Announced: by the Ping answer when the message was stored before it, else (it came in
  // while the device was syncing) by the Sync. On the device: when the Sync brought it.
  const announced: number[] = [];
  const announcedWarm: number[] = [];
  const onDevice: number[] = [];
  // By the second of sending it was accepted in, warm-up included: shows how long the cold
  // start lasts, and whether the measured seconds still pay for it.
  const bySecond: number[][] = [];
  for (const { subject, pinged, synced } of sightings) {
    const message = bySubject.get(subject);
    if (!message) continue;
    const measured = stored.get(message.queueId);
    const storedAtMs = measured ?? storedWarm.get(message.queueId);
    if (storedAtMs === undefined) continue;
    const latency = Math.max(0, (storedAtMs <= pinged ? pinged : synced) - message.at);
    (bySecond[Math.floor((message.at - from) / 1000)] ??= []).push(latency);
    if (measured === undefined) announcedWarm.push(latency);
    else {
      announced.push(latency);
      onDevice.push(Math.max(0, synced - message.at));
    }
  }
  const ms = (list: number[], p: number) => percentile(list, p).toFixed(0);
  // flatMap: a second nothing was accepted in (a stall) has no entry, and is left out.
  const seconds = bySecond.flatMap((list, second) => `${second}: ${ms(list, 50)}/${ms(list, 99)}`);
  return [
    `push latency: ${bystanders.length} bystander Pings + ${targets.length} target devices held, ` +
      `${sent} messages in ${sendSeconds.toFixed(1)} s ` +
      `(${(sent / sendSeconds).toFixed(0)}/s, asked ${LATENCY.rate}/s) over ${LATENCY.sessions} SMTP sessions pipelining as MTAs do (RFC 2920), ` +
      `after ${warmQueued.length} sent at that rate in a ${LATENCY.warmupSeconds} s warm-up; ` +
      `each target Syncs after a Status 2, which names the messages it was for:`,
    `  SMTP 250 to the Ping answer that announced it: median ${ms(announced, 50)} ms (target < 50 ms), ` +
      `p99 ${ms(announced, 99)} ms (target < 250 ms), max ${ms(announced, 100)} ms`,
    `  the warm-up's messages, SMTP 250 to the Ping answer: median ${ms(announcedWarm, 50)} ms, p99 ${ms(announcedWarm, 99)} ms`,
    `  the same by second of sending from the warm-up's first (median/p99 ms): ${seconds.join(', ')}`,
    `  SMTP 250 to the item on the device (Ping answer, then Sync): median ${ms(onDevice, 50)} ms, p99 ${ms(onDevice, 99)} ms`,
    `  SMTP 250 to the item stored (the mailbox's delivery record): median ${ms(toStore, 50)} ms, p99 ${ms(toStore, 99)} ms`,
    `  ${announced.length} of ${sent} messages reached their device within 3 s of the run (${answers} Ping answers with Status 2); ` +
      `bystanders answered early: ${bystanderAnswers.length} ${JSON.stringify(count(bystanderAnswers))}`,
    `  the targets' Ping answers by status: ${JSON.stringify(count(targetAnswers))}`,
    cpu.length === 2
      ? `  CPU over the measured ${LATENCY.seconds} s, share of one core (${cpus().length} on the machine): ${cpuShares(cpu[0], cpu[1], LATENCY.seconds)}`
      : `  CPU over the measured seconds: not read`,
  ];
}

/** Both push figures on one set of enrolled devices, on their own stack. */
export async function pushFigures(): Promise<string[]> {
  const push = await distributedStack('bench-push', { behindFrontEnd: BEHIND_FRONT_END });
  try {
    return await figures(push);
  } finally {
    await push.stop();
  }
}

async function figures(push: DistributedStack): Promise<string[]> {
  const { stack } = push;
  const run = await stack.mailctl(
    ['policy', 'set', 'Default', '--set', 'AllowNonProvisionableDevices=true'],
    ADMIN,
  );
  if (run.code !== 0) throw new Error(`cannot change the policy: ${run.stderr}`);
  const progress = (what: string) => process.stderr.write(`${new Date().toISOString()} ${what}\n`);
  const targets = await addTargets(stack);
  progress(`${targets.length} target users added`);
  const fleet = new PingFleet(stack, push.frontEndPort);
  const devices = Array.from({ length: HELD }, (_, i) => `Held${i}`);
  const started = Date.now();
  let inbox = '';
  await pool(devices, 16, async (deviceId) => void (inbox = await fleet.enroll(USER, deviceId)));
  fleet.close();
  const lines = [
    `push set-up: ${HELD} devices enrolled (FolderSync 0 each) in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  ];
  progress(lines[0]);
  // Each figure's lines are kept even when the next one fails.
  const figure = async (name: string, measure: () => Promise<string[]>) => {
    try {
      const measured = await measure();
      for (const line of measured) progress(line);
      lines.push(...measured);
    } catch (error) {
      lines.push(`${name}: failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await figure('held Pings', () => heldPings(push, devices, inbox));
  await sleep(2_000);
  const bystanders = devices.slice(0, LATENCY.held - LATENCY.targets);
  await figure('push latency', () => pushLatency(push, targets, bystanders, inbox));
  return lines;
}
