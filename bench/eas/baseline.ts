// The machine's ceiling for the other figures: the same load against a bare Node HTTPS server
// (one process, no framework, a fixed 40-byte answer) on the same machine at the same time.
// On a shared machine the EAS figures are best read against this one.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../libs/runtime/src/testing';
import { runLoad } from './load';
import { type BenchStack } from './stack';
import { describe, TARGET_RATE } from './trivial-request';

const SERVER = `
const https = require('node:https'); const fs = require('node:fs');
const dir = process.argv[1]; const answer = Buffer.alloc(40);
https.createServer({ key: fs.readFileSync(dir + '/server.key'), cert: fs.readFileSync(dir + '/server.crt') },
  (req, res) => { req.resume(); req.on('end', () => res.end(answer)); })
  .listen(Number(process.argv[2]), '127.0.0.1', () => console.log('ready'));`;

export async function baseline({ stack }: BenchStack): Promise<string[]> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', SERVER, join(stack.dataDir, 'tls'), String(port)]);
  await new Promise((resolve) => child.stdout.once('data', resolve));
  try {
    const job = {
      port,
      ca: stack.ca,
      path: '/',
      headers: {},
      body: Buffer.alloc(20).toString('base64'),
    };
    const capacity = await runLoad(job);
    const offered = await runLoad({ ...job, rate: TARGET_RATE });
    return [
      `baseline: bare Node HTTPS server, the trivial requests' loads:`,
      `  offered ${TARGET_RATE}/s on a schedule: ${describe(offered)}`,
      `  capacity: ${describe(capacity)}`,
    ];
  } finally {
    child.kill();
  }
}
