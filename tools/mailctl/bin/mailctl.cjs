#!/usr/bin/env node
// Launcher for `npx mailctl`: runs the compiled CLI, compiling it first (with swc, about a
// second) when dist/ is missing or older than the sources, so it works right after `npm ci`.
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');

const root = join(__dirname, '..', '..', '..');
const entry = join(root, 'dist', 'tools', 'mailctl', 'src', 'main.js');
const sources = [join(root, 'tools', 'mailctl', 'src'), join(root, 'libs', 'contracts', 'src')];

const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((latest, item) => {
    const path = join(dir, item.name);
    return Math.max(latest, item.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }, 0);

if (!existsSync(entry) || statSync(entry).mtimeMs < Math.max(...sources.map(newest))) {
  execFileSync(
    process.execPath,
    [
      require.resolve('@swc/cli/bin/swc.js'),
      'tools/mailctl/src',
      'libs/contracts/src',
      '-d',
      'dist',
      '--ignore',
      '**/*.spec.ts',
      '--quiet',
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}
require(entry).runCli();
