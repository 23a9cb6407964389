// EAS benchmarks (issue 7 and later): one real server process, then each figure in turn.
// Figures live one per file (trivial-request.ts; Sync and Ping figures join them); each takes
// the started stack and returns its printed lines. Run: node dist/bench/eas/index.js.
import { cpus, loadavg } from 'node:os';
import { baseline } from './baseline';
import { pushFigures } from './push';
import { benchStack } from './stack';
import { trivialRequests } from './trivial-request';
import { initialSyncFigure } from './initial-sync';

const FIGURES = [baseline, trivialRequests, initialSyncFigure, pushFigures];
/** Figures named on the command line (function names), or all. */
const only = process.argv.slice(2);

async function main(): Promise<void> {
  console.log(
    `conditions: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ` +
      `${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} at start; server and load generator share the machine`,
  );
  const bench = await benchStack();
  try {
    for (const figure of FIGURES.filter((f) => !only.length || only.includes(f.name)))
      for (const line of await figure(bench)) console.log(line);
  } finally {
    await bench.stack.stop();
  }
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
