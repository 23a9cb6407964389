// The machine's ceilings and floors for the other figures, from a bare Node HTTPS server (one
// process, no framework) on the same machine at the same time: the trivial requests' loads
// against a fixed 40-byte answer, and the memory of holding as many unanswered requests as
// the held-Ping figure does, one TLS connection each. On a shared machine the EAS figures are
// best read against these.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { freePort } from '../../libs/runtime/src/testing';
import { processUsage } from '../shared/process-usage';
import { runLoad } from './load';
import { pool } from './ping-fleet';
import { HELD } from './push';
import { type BenchStack } from './stack';
import { loadLine, TARGET_RATE } from './trivial-request';

/** Answers every request at once, except those to /hold, which it keeps unanswered. */
const SERVER = `
const https = require('node:https'); const fs = require('node:fs');
const dir = process.argv[1]; const answer = Buffer.alloc(40); const held = [];
const server = https.createServer({ key: fs.readFileSync(dir + '/server.key'), cert: fs.readFileSync(dir + '/server.crt') },
  (req, res) => { req.resume(); req.on('end', () => req.url === '/hold' ? held.push(res) : res.end(answer)); });
server.requestTimeout = 0; server.headersTimeout = 0; server.keepAliveTimeout = 0;
server.listen(Number(process.argv[2]), '127.0.0.1', () => console.log('ready'));`;

const mb = (kb: number) => (kb / 1024).toFixed(0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function baseline({ stack }: BenchStack): Promise<string[]> {
  return withBareServer(stack, async (port, server) => {
    const job = {
      port,
      serverPid: server.pid,
      ca: stack.ca,
      path: '/',
      headers: {},
      body: Buffer.alloc(20).toString('base64'),
    };
    const capacity = await runLoad(job);
    const offered = await runLoad({ ...job, rate: TARGET_RATE });
    return [
      `baseline: bare Node HTTPS server, the trivial requests' loads:`,
      `  offered ${TARGET_RATE}/s on a schedule: ${loadLine(offered)}`,
      `  capacity: ${loadLine(capacity)}`,
    ];
  });
}

/** The floor under the held-Ping memory target: Node's own cost of a held HTTPS request. */
export async function heldBaseline({ stack }: BenchStack): Promise<string[]> {
  return withBareServer(stack, async (port, server) => {
    const before = processUsage(server.pid!).rssKb;
    const sockets: TLSSocket[] = [];
    try {
      await pool(
        Array.from({ length: HELD }, (_, i) => i),
        64,
        () =>
          new Promise<void>((held, failed) => {
            const socket = connect({
              host: '127.0.0.1',
              port,
              servername: 'localhost',
              ca: stack.ca,
            });
            sockets.push(socket);
            socket.once('error', failed);
            socket.once('secureConnect', () =>
              socket.write(
                'POST /hold HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n',
                () => held(),
              ),
            );
          }),
      );
      // Let the server read the last requests before its memory is read.
      await sleep(3_000);
      const heldKb = processUsage(server.pid!).rssKb;
      return [
        `baseline: bare Node HTTPS server holding ${HELD} unanswered requests, one TLS connection each:`,
        `  RSS ${mb(heldKb)} MB held (${mb(before)} MB before): ` +
          `${((heldKb - before) / HELD).toFixed(1)} kB per held request`,
      ];
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });
}

async function withBareServer(
  stack: BenchStack['stack'],
  measure: (port: number, server: ChildProcess) => Promise<string[]>,
): Promise<string[]> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', SERVER, join(stack.dataDir, 'tls'), String(port)]);
  await new Promise((resolve) => child.stdout!.once('data', resolve));
  try {
    return await measure(port, child);
  } finally {
    child.kill();
  }
}
