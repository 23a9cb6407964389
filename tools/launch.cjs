// Runs a compiled tool from dist/, compiling its sources first (swc, about a second) when dist/
// is missing or older than them, so tools work right after `npm ci` without a full build.
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');

const root = join(__dirname, '..');

const newest = (path) =>
  statSync(path).isDirectory()
    ? readdirSync(path, { withFileTypes: true }).reduce(
        (latest, item) => Math.max(latest, newest(join(path, item.name))),
        0,
      )
    : statSync(path).mtimeMs;

/** `entry` and `sources` are relative to the repository root; `entry` is the compiled file. */
function launch(entry, sources) {
  const compiled = join(root, entry);
  if (
    !existsSync(compiled) ||
    statSync(compiled).mtimeMs < Math.max(...sources.map((s) => newest(join(root, s))))
  ) {
    execFileSync(
      process.execPath,
      [
        require.resolve('@swc/cli/bin/swc.js'),
        ...sources,
        '-d',
        'dist',
        '--ignore',
        '**/*.spec.ts,**/*.e2e-spec.ts',
        '--quiet',
      ],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  return require(compiled);
}

module.exports = { launch };
