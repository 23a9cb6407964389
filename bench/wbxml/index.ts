// WBXML codec benchmark (issue 3 targets): decode and encode throughput and per-document time
// on a body-dense and a tag-dense Sync response and a FolderSync, speed against libwbxml's
// wbxml2xml in the same run, and allocation when decoding a 1 MB body. Prints plain lines,
// each target with HIT or MISS. Run: node --expose-gc dist/bench/wbxml/index.js (npm run bench
// passes --expose-gc; without it the allocation figure is skipped).
import { cpus, loadavg } from 'node:os';
import { decode, encode, toXml, type WbxmlElement } from '@mail/wbxml';
import { bodyDenseSync, folderSync, oneBigBody, tagDenseSync } from './docs';
import { bytesAllocated, timePerCall, wbxml2xmlWorkMs, type Timing } from './measure';

const MB = 1024 * 1024;
const verdict = (hit: boolean) => (hit ? 'HIT' : 'MISS');
const ms = (t: number) => `${t.toFixed(3)} ms`;
const spread = (t: Timing) =>
  `(median of 15 batches, ${ms(t.min)}..${ms(t.max)}; CPU ${ms(t.cpu)})`;

interface Figures {
  readonly bytes: Uint8Array;
  readonly decode: Timing;
  readonly encode: Timing;
  readonly mbps: (t: Timing) => number;
}

/** Throughput of both directions on one document, each with its MB/s target if it has one. */
function throughput(name: string, tree: WbxmlElement, targetMbps?: number): Figures {
  const bytes = encode(tree);
  const mbps = (t: Timing) => bytes.length / MB / (t.median / 1000);
  const figures = {
    bytes,
    decode: timePerCall(() => decode(bytes)),
    encode: timePerCall(() => encode(tree)),
    mbps,
  };
  console.log(`${name}: ${(bytes.length / 1024).toFixed(1)} KiB`);
  for (const direction of ['decode', 'encode'] as const) {
    const t = figures[direction];
    const target =
      targetMbps === undefined
        ? ''
        : ` target >= ${targetMbps} MB/s: ${verdict(mbps(t) >= targetMbps)}`;
    console.log(
      `  ${direction} ${mbps(t).toFixed(1)} MB/s, ${ms(t.median)} per document ${spread(t)}${target}`,
    );
  }
  return figures;
}

/** Our decoder against wbxml2xml (which decodes and prints XML) on the same bytes. */
function againstLibwbxml(name: string, figures: Figures): void {
  let theirs: number;
  try {
    theirs = wbxml2xmlWorkMs(figures.bytes);
  } catch (e) {
    console.log(
      `  wbxml2xml comparison skipped: ${(e as Error).message} (apt-get install libwbxml2-utils)`,
    );
    return;
  }
  const ratio = theirs / figures.decode.median;
  console.log(
    `  wbxml2xml on the same ${name} document: ${ms(theirs)} of work (process start subtracted);` +
      ` our decode is ${ratio.toFixed(1)}x faster, target >= 5x: ${verdict(ratio >= 5)}`,
  );
  // For scale, like for like: decoding and printing the XML view, as wbxml2xml does.
  const view = timePerCall(() => toXml(decode(figures.bytes)), 100);
  console.log(
    `  (our decode + XML view: ${ms(view.median)}, ${(theirs / view.median).toFixed(1)}x faster than wbxml2xml)`,
  );
}

function allocationForOneMegabyteBody(): void {
  const bytes = encode(oneBigBody(MB));
  const label = `decoding a ${(bytes.length / MB).toFixed(2)} MB ItemOperations body`;
  const m = bytesAllocated(() => decode(bytes));
  if (m === undefined) {
    console.log(`${label}: allocation not measured (run node with --expose-gc)`);
    return;
  }
  const times = m.allocated / bytes.length;
  console.log(
    `${label}: allocated ${(m.allocated / MB).toFixed(2)} MB (${times.toFixed(2)}x its size),` +
      ` retained ${(m.retained / MB).toFixed(2)} MB; target <= 3x: ${verdict(times <= 3)}`,
  );
}

console.log(
  `node ${process.version}, ${process.arch}; machine: ${cpus().length} CPUs, load ${loadavg()[0].toFixed(2)}`,
);
// First, before the throughput runs leave garbage behind.
allocationForOneMegabyteBody();

const body = throughput(
  'body-dense Sync response (300 emails, 4 KiB bodies)',
  bodyDenseSync(300, 4096),
  100,
);
againstLibwbxml('body-dense', body);

const tags = throughput(
  'tag-dense Sync response (512 emails, headers only)',
  tagDenseSync(512),
  40,
);
for (const direction of ['decode', 'encode'] as const) {
  const t = tags[direction].median;
  console.log(`  512-item response ${direction}: ${ms(t)}, target <= 3 ms: ${verdict(t <= 3)}`);
}
againstLibwbxml('tag-dense', tags);

throughput('FolderSync response (200 folders)', folderSync(200));
console.log(`load at the end: ${loadavg()[0].toFixed(2)}`);
