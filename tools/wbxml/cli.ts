#!/usr/bin/env node
// Entry point: `node dist/tools/wbxml/cli.js decode|encode FILE|-` (see cli-run.ts).
import { readFileSync } from 'node:fs';
import { runCli } from './cli-run';

process.exitCode = runCli(process.argv.slice(2), {
  readInput: (path) => new Uint8Array(readFileSync(path === '-' ? 0 : path)),
  writeOut: (data) => process.stdout.write(data),
  writeErr: (text) => process.stderr.write(text),
});
