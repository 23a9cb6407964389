// How bench/wbxml measures: time per call, bytes allocated by one call, and the work time of
// libwbxml's wbxml2xml on a file. Other processes share this machine, so times are medians
// over many short batches, with the spread printed beside them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GCProfiler } from 'node:v8';

export interface Timing {
  /** Median over batches of the mean wall time per call, in ms. */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /**
   * Median over batches of the CPU time per call (all of node's threads, so it includes
   * parallel GC work): what a call costs even when other processes take turns on the cores.
   */
  readonly cpu: number;
}

const BATCHES = 15;

/** Times `fn` in BATCHES batches of about `batchMs` each, after a warm-up. */
export function timePerCall(fn: () => unknown, batchMs = 40): Timing {
  const now = () => Number(process.hrtime.bigint()) / 1e6;
  const warmUntil = now() + 200;
  let calls = 0;
  while (now() < warmUntil || calls < 20) {
    fn();
    calls++;
  }
  const perCall: number[] = [];
  const cpuPerCall: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const start = now();
    const cpu = process.cpuUsage();
    let n = 0;
    while (now() - start < batchMs || n < 2) {
      fn();
      n++;
    }
    const used = process.cpuUsage(cpu);
    perCall.push((now() - start) / n);
    cpuPerCall.push((used.user + used.system) / 1000 / n);
  }
  perCall.sort((a, b) => a - b);
  cpuPerCall.sort((a, b) => a - b);
  const mid = BATCHES >> 1;
  return { median: perCall[mid], min: perCall[0], max: perCall[BATCHES - 1], cpu: cpuPerCall[mid] };
}

/**
 * Bytes allocated by one call of `fn` (JavaScript heap and array buffers), or undefined when
 * node runs without --expose-gc. What a collection during the call freed is added back, from
 * the GC profiler's before/after heap figures, so the count does not depend on GC timing.
 */
export function bytesAllocated(
  fn: () => unknown,
): { allocated: number; retained: number } | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  // Twice: array buffers freed by the first pass are released to the count afterwards.
  gc();
  gc();
  const before = used();
  const profiler = new GCProfiler();
  profiler.start();
  const result = fn();
  const after = used();
  const collected = profiler
    .stop()
    .statistics.reduce(
      (sum, s) =>
        sum + s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize,
      0,
    );
  gc();
  gc();
  const retained = used() - before;
  if (result === undefined) throw new Error('keep the result alive until it is measured');
  return { allocated: after - before + collected, retained };
}

/** Median wall time of wbxml2xml's work on `bytes`: a run on them minus a run on a tiny file. */
export function wbxml2xmlWorkMs(bytes: Uint8Array, runs = 7): number {
  const dir = mkdtempSync(join(tmpdir(), 'wbxml-bench-'));
  try {
    const big = join(dir, 'big.wbxml');
    const small = join(dir, 'small.wbxml');
    writeFileSync(big, bytes);
    writeFileSync(small, new Uint8Array([0x03, 0x01, 0x6a, 0x00, 0x05])); // <Sync/>
    return Math.max(medianRunMs(big, runs) - medianRunMs(small, runs), 0.001);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function medianRunMs(file: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync('wbxml2xml', ['-l', 'ACTIVESYNC', '-o', '/dev/null', file]);
    if (r.error || r.status !== 0)
      throw new Error(`wbxml2xml failed: ${r.error?.message ?? String(r.stderr)}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[runs >> 1];
}
