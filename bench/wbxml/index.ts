// WBXML codec benchmark: throughput, per-response latency, comparison with libwbxml's
// wbxml2xml in the same run, and allocation when decoding a 1 MB body. Prints plain lines.
// Run: node --expose-gc dist/bench/wbxml/index.js   (gc optional; without it the allocation
// figure is marked as approximate).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, encode, type WbxmlElement } from '@mail/wbxml';
import { bodyDenseSync, folderSync, oneBigBody, tagDenseSync } from './docs';

const MB = 1024 * 1024;

/** Runs fn repeatedly for at least `ms`; returns the best of 5 batches' time per call. */
function timePerCall(fn: () => void, ms = 300): number {
  for (let i = 0; i < 3; i++) fn(); // warm up
  let best = Infinity;
  for (let batch = 0; batch < 5; batch++) {
    let calls = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < ms / 5 || calls < 2) {
      fn();
      calls++;
      elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    }
    best = Math.min(best, elapsed / calls);
  }
  return best;
}

function report(
  name: string,
  tree: WbxmlElement,
): { bytes: Uint8Array; decodeMs: number; encodeMs: number } {
  const bytes = encode(tree);
  const decodeMs = timePerCall(() => decode(bytes));
  const encodeMs = timePerCall(() => encode(tree));
  const mbps = (ms: number) => (bytes.length / MB / (ms / 1000)).toFixed(1);
  console.log(`${name}: ${(bytes.length / 1024).toFixed(1)} KiB`);
  console.log(`  decode ${mbps(decodeMs)} MB/s (${decodeMs.toFixed(3)} ms per document)`);
  console.log(`  encode ${mbps(encodeMs)} MB/s (${encodeMs.toFixed(3)} ms per document)`);
  return { bytes, decodeMs, encodeMs };
}

/** Median wall time of running wbxml2xml on a file, in ms. */
function wbxml2xmlMs(file: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync('wbxml2xml', ['-l', 'ACTIVESYNC', '-o', '/dev/null', file]);
    if (r.error || r.status !== 0)
      throw new Error(`wbxml2xml failed: ${r.error?.message ?? r.stderr}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function compareWithLibwbxml(name: string, bytes: Uint8Array, decodeMs: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'wbxml-bench-'));
  const big = join(dir, 'big.wbxml');
  const small = join(dir, 'small.wbxml');
  writeFileSync(big, bytes);
  writeFileSync(small, new Uint8Array([0x03, 0x01, 0x6a, 0x00, 0x05])); // <Sync/>
  try {
    const total = wbxml2xmlMs(big, 7);
    const startup = wbxml2xmlMs(small, 7);
    const work = Math.max(total - startup, 0.001);
    console.log(
      `  wbxml2xml on the same document: ${total.toFixed(2)} ms - ${startup.toFixed(2)} ms process start = ${work.toFixed(2)} ms`,
    );
    console.log(
      `  our decode is ${(work / decodeMs).toFixed(1)}x faster than wbxml2xml (${name}; wbxml2xml also prints XML)`,
    );
  } catch (e) {
    console.log(
      `  wbxml2xml comparison skipped: ${(e as Error).message} (apt-get install libwbxml2-utils)`,
    );
  }
}

function allocationForOneMegabyteBody(): void {
  const bytes = encode(oneBigBody(MB));
  const gc = (globalThis as { gc?: () => void }).gc;
  const usage = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const label = `decode of a ${(bytes.length / MB).toFixed(2)} MB ItemOperations body`;
  if (!gc) {
    console.log(`${label}: allocation not measured (run node with --expose-gc)`);
    return;
  }
  // Collect twice: array buffers freed by the first pass are released to the count afterwards.
  gc();
  gc();
  const before = usage();
  const tree = decode(bytes);
  const grown = usage() - before; // before any collection: what decode allocated (if no scavenge ran)
  gc();
  gc();
  const retained = usage() - before; // what the tree holds on to
  console.log(
    `${label}: allocated ~${(grown / MB).toFixed(2)} MB (${(grown / bytes.length).toFixed(2)}x input),` +
      ` retained ${(retained / MB).toFixed(2)} MB (${(retained / bytes.length).toFixed(2)}x) after GC`,
  );
  if (tree.tag !== 'ItemOperations') throw new Error('unexpected tree');
}

console.log(`node ${process.version}, ${process.arch}`);
// First, before the throughput runs leave garbage behind that would blur the figure.
allocationForOneMegabyteBody();
const body = report(
  'body-dense Sync response (300 emails, 4 KiB bodies)',
  bodyDenseSync(300, 4096),
);
compareWithLibwbxml('body-dense', body.bytes, body.decodeMs);
const tags = report('tag-dense Sync response (512 emails, headers only)', tagDenseSync(512));
console.log(
  `  512-item response: decode ${tags.decodeMs.toFixed(3)} ms, encode ${tags.encodeMs.toFixed(3)} ms`,
);
compareWithLibwbxml('tag-dense', tags.bytes, tags.decodeMs);
report('FolderSync response (200 folders)', folderSync(200));
