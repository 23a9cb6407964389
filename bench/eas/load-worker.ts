// A load generator in a worker thread (the benchmark's own thread only coordinates): keeps
// `connections` HTTPS keep-alive connections busy with one request each, back to back, and
// reports how many answers came back in the measured window and their latencies.
import { Agent, request } from 'node:https';
import { parentPort, workerData } from 'node:worker_threads';

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
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** Microseconds, one per answer inside the window. */
  latencies: number[];
  seconds: number;
  statuses: Record<string, number>;
}

async function run(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections, ca: job.ca });
  const body = Buffer.from(job.body, 'base64');
  const headers = { ...job.headers, 'Content-Length': String(body.length) };
  const start = Date.now();
  const windowStart = start + job.warmupMs;
  const end = windowStart + job.durationMs;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const once = () =>
    new Promise<void>((resolve) => {
      const sent = process.hrtime.bigint();
      const req = request(
        {
          host: '127.0.0.1',
          servername: 'localhost',
          port: job.port,
          method: 'POST',
          path: job.path,
          headers,
          agent,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const now = Date.now();
            if (now >= windowStart && now < end) {
              latencies.push(Number(process.hrtime.bigint() - sent) / 1000);
              statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
            }
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: job.connections }, async () => {
      while (Date.now() < end) await once();
    }),
  );
  agent.destroy();
  return {
    requests: latencies.length,
    errors,
    latencies,
    seconds: job.durationMs / 1000,
    statuses,
  };
}

if (parentPort) void run(workerData as LoadJob).then((result) => parentPort!.postMessage(result));
