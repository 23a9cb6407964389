// Runs the load worker (load-worker.ts) with the figures' common settings.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadJob, LoadResult } from './load-worker';

export const LOAD = { connections: 64, warmupMs: 3_000, durationMs: 10_000 };

export function runLoad(
  job: Omit<LoadJob, 'connections' | 'warmupMs' | 'durationMs'> & Partial<LoadJob>,
): Promise<LoadResult> {
  return new Promise<LoadResult>((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'load-worker.js'), {
      workerData: { ...LOAD, ...job },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}
