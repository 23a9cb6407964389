// EAS benchmarks (issue 7 and later): one real server process, then each figure in turn.
// Figures live one per file (trivial-request.ts; Sync and Ping figures join them); each takes
// the started stack and returns its printed lines. The distributed initial sync and the push
// figures start a distributed stack of their own, after the embedded one has stopped, so it
// costs them nothing.
// Run: node dist/bench/eas/index.js [figure names].
import { cpus, loadavg } from 'node:os';
import { baseline, heldBaseline } from './baseline';
import { pushFigures } from './push';
import { benchStack } from './stack';
import { trivialRequests, trivialRequestsDistributed } from './trivial-request';
import { initialSyncDistributed, initialSyncFigure } from './initial-sync';

const ON_EMBEDDED_STACK = [baseline, heldBaseline, trivialRequests, initialSyncFigure];
const ON_OWN_STACK = [trivialRequestsDistributed, initialSyncDistributed, pushFigures];
/** Figures named on the command line (function names), or all. */
const only = process.argv.slice(2);
const chosen = <T extends { name: string }>(figures: T[]) =>
  figures.filter((f) => !only.length || only.includes(f.name));

async function main(): Promise<void> {
  console.log(
    `conditions: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ` +
      `${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} at start; server and load generator share the machine`,
  );
  const embedded = chosen(ON_EMBEDDED_STACK);
  if (embedded.length > 0) {
    const bench = await benchStack();
    try {
      for (const figure of embedded) for (const line of await figure(bench)) console.log(line);
    } finally {
      await bench.stack.stop();
    }
  }
  for (const figure of chosen(ON_OWN_STACK)) for (const line of await figure()) console.log(line);
  console.log(
    `load average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
