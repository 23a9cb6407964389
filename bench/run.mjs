// `npm run bench`: runs every benchmark (bench/<target>/index.ts, compiled to dist/bench) in
// turn, each in its own process so one's heap does not skew another's figures.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const only = process.argv.slice(2);
let failed = 0;
for (const target of readdirSync(join(root, 'bench'), { withFileTypes: true })) {
  if (!target.isDirectory() || (only.length && !only.includes(target.name))) continue;
  const entry = join(root, 'dist', 'bench', target.name, 'index.js');
  if (!existsSync(entry)) continue;
  console.log(`\n## bench/${target.name}`);
  const run = spawnSync(process.execPath, ['--expose-gc', entry], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
