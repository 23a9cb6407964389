// A load generator in a worker thread (the benchmark's own thread only coordinates) over
// `connections` HTTPS keep-alive connections. It shares the machine with the server it
// measures, so it spends as little as it can: one prepared request written whole, and an
// answer read only as far as its status line and Content-Length (Node's own HTTP client cost
// about as much CPU per request as the server did, which capped the figures).
// Closed loop (no `rate`): each connection sends its next request when the last is answered,
// which finds the server's capacity; latency is then mostly queueing (connections /
// throughput). Open loop (`rate`): requests are due on a fixed schedule whatever the answers
// do, and a request's latency counts from when it was due, so a server that stalls is charged
// for the requests that queued behind the stall (the closed loop would simply have sent
// fewer). Reports the answers in the measured window.
import { connect, type TLSSocket } from 'node:tls';
import { parentPort, workerData } from 'node:worker_threads';
import { CLOCK_TICKS, processUsage } from '../shared/process-usage';

export interface LoadJob {
  port: number;
  ca: string;
  path: string;
  headers: Record<string, string>;
  /** base64 of the request body. */
  body: string;
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** Requests per second on a fixed schedule (open loop); unset: closed loop. */
  rate?: number;
  /** The server's process, whose CPU time over the window is reported. */
  serverPid?: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** Microseconds, one per answer inside the window. */
  latencies: number[];
  seconds: number;
  statuses: Record<string, number>;
  /** Percent of one core this process (the generator; its main thread waits) used meanwhile. */
  generatorCpu: number;
  /** Percent of one core the server's process used inside the window (with `serverPid`). */
  serverCpu?: number;
}

async function run(job: LoadJob): Promise<LoadResult> {
  const request = Buffer.concat([
    Buffer.from(
      `POST ${job.path} HTTP/1.1\r\nHost: localhost:${job.port}\r\n` +
        Object.entries(job.headers)
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join('') +
        `Content-Length: ${Buffer.byteLength(job.body, 'base64')}\r\n\r\n`,
    ),
    Buffer.from(job.body, 'base64'),
  ]);
  const cpuFrom = process.cpuUsage();
  const started = Date.now();
  const windowStart = started + job.warmupMs;
  const end = windowStart + job.durationMs;
  const result: LoadResult = {
    requests: 0,
    errors: 0,
    latencies: [],
    seconds: job.durationMs / 1000,
    statuses: {},
    generatorCpu: 0,
  };
  const answered = (due: bigint, status: number) => {
    const now = Date.now();
    if (now < windowStart || now >= end) return;
    result.requests++;
    result.latencies.push(Number(process.hrtime.bigint() - due) / 1000);
    result.statuses[status] = (result.statuses[status] ?? 0) + 1;
  };
  // The server's CPU is read from /proc at the window's edges, so its time per answer can be
  // told apart from the generator's on a shared machine. Both edges are timers: an overloaded
  // server is still working off its backlog after the window, which is not the window's work.
  const serverTicks = () => (job.serverPid ? processUsage(job.serverPid).cpuTicks : 0);
  let ticksFrom = 0;
  let ticksTo = 0;
  const windowOpens = setTimeout(() => (ticksFrom = serverTicks()), job.warmupMs);
  const windowCloses = setTimeout(() => (ticksTo = serverTicks()), end - started);
  const connections = Array.from({ length: job.connections }, () => new Connection(job, request));
  if (job.rate) await onSchedule(job.rate, end, connections, answered, result);
  else
    await Promise.all(
      connections.map(async (connection) => {
        while (Date.now() < end) {
          const due = process.hrtime.bigint();
          const status = await connection.send();
          if (status === 0) result.errors++;
          else answered(due, status);
        }
      }),
    );
  const ticks = ticksTo - ticksFrom;
  clearTimeout(windowOpens);
  clearTimeout(windowCloses);
  if (job.serverPid) result.serverCpu = (ticks / CLOCK_TICKS / result.seconds) * 100;
  for (const connection of connections) connection.close();
  const cpu = process.cpuUsage(cpuFrom);
  result.generatorCpu = (cpu.user + cpu.system) / 10 / (Date.now() - started);
  return result;
}

/** One keep-alive HTTPS connection with one request at a time; reconnects when closed. */
class Connection {
  private socket?: TLSSocket;
  private received: Buffer[] = [];
  private answer?: (status: number) => void;

  constructor(
    private readonly job: LoadJob,
    private readonly request: Buffer,
  ) {}

  /** Resolves with the answer's HTTP status, or 0 when the connection failed. */
  send(): Promise<number> {
    return new Promise((resolve) => {
      this.answer = resolve;
      this.open().write(this.request);
    });
  }

  close(): void {
    this.socket?.destroy();
  }

  private open(): TLSSocket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = connect({
      host: '127.0.0.1',
      port: this.job.port,
      servername: 'localhost',
      ca: this.job.ca,
    });
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
      this.finish(0);
    });
    this.received = [];
    return (this.socket = socket);
  }

  /** Completes the answer once its headers and Content-Length bytes of body are in. */
  private read(chunk: Buffer): void {
    this.received.push(chunk);
    const data = this.received.length === 1 ? chunk : Buffer.concat(this.received);
    const headersEnd = data.indexOf('\r\n\r\n');
    if (headersEnd < 0) return;
    const head = data.toString('latin1', 0, headersEnd);
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (data.length < headersEnd + 4 + length) {
      this.received = [data];
      return;
    }
    this.received = [];
    if (/\r\nconnection: *close/i.test(head)) this.socket?.destroy();
    this.finish(Number(head.slice(9, 12)));
  }

  private finish(status: number): void {
    const answer = this.answer;
    this.answer = undefined;
    answer?.(status);
  }
}

/**
 * Sends a request for every moment due at `rate` per second until `end`, each on the next
 * free connection (requests wait in order when none is free); resolves when all are answered.
 */
async function onSchedule(
  rate: number,
  end: number,
  connections: Connection[],
  answered: (due: bigint, status: number) => void,
  result: LoadResult,
): Promise<void> {
  const interval = BigInt(Math.round(1e9 / rate));
  const waiting: bigint[] = [];
  const idle = [...connections];
  let busy = 0;
  let next = process.hrtime.bigint();
  const serve = (connection: Connection, due: bigint): void => {
    busy++;
    void connection.send().then((status) => {
      busy--;
      if (status === 0) result.errors++;
      else answered(due, status);
      const following = waiting.shift();
      if (following === undefined) idle.push(connection);
      else serve(connection, following);
    });
  };
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      if (Date.now() < end) {
        for (const now = process.hrtime.bigint(); next <= now; next += interval) {
          const connection = idle.pop();
          if (connection) serve(connection, next);
          else waiting.push(next);
        }
      } else if (busy === 0) {
        clearInterval(tick);
        resolve();
      }
    }, 1);
  });
}

if (parentPort) void run(workerData as LoadJob).then((result) => parentPort!.postMessage(result));
