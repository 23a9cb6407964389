// Mailbox role benchmark on the real PostgreSQL (issue 5 targets): deliveries per second
// through the service layer, change-query latency at the end of a 1,000- vs a 100,000-item
// folder, and a 512-item page of headers. Runs in a throwaway database dropped at the end.
// Prints plain lines. Run: node dist/bench/mailbox/index.js (after the swc build).
import { createRoleDataSource, initializeAndMigrate } from '@mail/runtime';
import { FOLDER_TYPE } from '@mail/contracts';
import { createTestDatabase } from '../../libs/runtime/src/testing/services';
import type { DeliveryService } from '../../apps/mailbox/src/delivery/delivery.service';
import { createMailboxServices } from '../../apps/mailbox/src/mailbox-services';
import { FolderRepository } from '../../apps/mailbox/src/persistence/folder.repository';
import { mailboxStorage } from '../../apps/mailbox/src/persistence/storage';
import { cpus, loadavg } from 'node:os';
import type { DataSource } from 'typeorm';

/** As many deliveries in flight as the hub keeps (TRANSPORT_LIMITS.mailboxConcurrency). */
const CALLERS = Number(process.env.MAILBOX_BENCH_CALLERS ?? 64);
const POOL = 20;
const SPREAD_DELIVERIES = 10_000;
const ONE_MAILBOX_DELIVERIES = 3_000;
const LATENCY_RUNS = 2_000;

/** A 5 KB message: headers, a plain-text body of prose-like words. */
function message(n: number): string {
  const words = ['quarterly', 'numbers', 'meeting', 'agenda', 'follow', 'up', 'budget', 'draft'];
  let body = '';
  for (let i = 0; body.length < 4_700; i++)
    body += words[(i * 7 + n) % words.length] + (i % 12 === 11 ? '.\r\n' : ' ');
  const mime = [
    'From: Lee Chen <lee@fabrikam.com>',
    'To: Pat <pat@contoso.com>',
    `Subject: Bench message ${n}`,
    'Date: Tue, 04 Nov 2025 10:00:00 +0000',
    `Message-ID: <bench-${n}@fabrikam.com>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
  ].join('\r\n');
  return Buffer.from(mime.padEnd(5 * 1024, ' ')).toString('base64');
}

async function deliveries(
  service: DeliveryService,
  count: number,
  mailboxOf: (i: number) => string,
) {
  const messages = Array.from({ length: 16 }, (_, n) => message(n));
  let next = 0;
  const run = `${Date.now()}`;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      for (let i = next++; i < count; i = next++)
        await service.deliver({
          queueId: `${run}-${i}`,
          recipient: mailboxOf(i),
          mime: messages[i % 16],
        });
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return count / seconds;
}

/** Fills a folder with `count` items and their journal rows in one statement. */
async function bulkFill(db: DataSource, mailboxId: string, folderId: string, count: number) {
  await db.query(
    `WITH src AS MATERIALIZED (SELECT n, gen_random_uuid() AS id FROM generate_series(1, $3::int) n),
     items AS (
       INSERT INTO mailbox.item (id, mailbox_id, folder_id, item_class, message_class, subject, sender,
         to_recipients, date_received, filter_date, change_number, conversation_id,
         conversation_index, preview, size, has_attachments)
       SELECT id, $1, $2, 'Email', 'IPM.Note', 'Bench message ' || n, '"Lee Chen" <lee@fabrikam.com>',
         'Pat <pat@contoso.com>', timestamptz '2025-01-01' + n * interval '1 minute',
         timestamptz '2025-01-01' + n * interval '1 minute', n,
         decode(md5(n::text), 'hex'), decode('01' || md5(n::text) || '0000000000', 'hex'),
         repeat('quarterly numbers meeting agenda ', 7), 5120, false
       FROM src)
     INSERT INTO mailbox.journal (mailbox_id, folder_id, change_number, item_id, kind)
     SELECT $1, $2, n, id, 'add' FROM src`,
    [mailboxId, folderId, count],
  );
  await db.query('UPDATE mailbox.folder SET change_number = $2 WHERE id = $1', [folderId, count]);
  await db.query(
    'UPDATE mailbox.mailbox SET item_count = item_count + $2, total_size = total_size + $2 * 5120 WHERE id = $1',
    [mailboxId, count],
  );
}

/**
 * Median and 95th percentile in ms of `runs` sequential calls of each function, after a
 * warm-up. The functions take turns, so drift in the machine's load falls on all alike.
 */
async function latency(fns: Array<() => Promise<unknown>>, runs = LATENCY_RUNS) {
  for (let i = 0; i < 100; i++) for (const fn of fns) await fn();
  const times = fns.map((): number[] => []);
  for (let i = 0; i < runs; i++)
    for (const [k, fn] of fns.entries()) {
      const start = process.hrtime.bigint();
      await fn();
      times[k].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  return times.map((list) => {
    list.sort((a, b) => a - b);
    return { median: list[runs >> 1], p95: list[Math.floor(runs * 0.95)] };
  });
}

const ms = (value: number) => `${value.toFixed(3)} ms`;
const verdict = (hit: boolean) => (hit ? 'HIT' : 'MISS');

async function main() {
  const database = await createTestDatabase();
  const db = createRoleDataSource(
    { kind: 'postgres', url: database.url, poolSize: POOL },
    mailboxStorage,
  );
  try {
    await initializeAndMigrate(db, mailboxStorage, false);
    const [{ server_version: version }] = await db.query('SHOW server_version');
    // Node and PostgreSQL share this machine's CPUs; the load before the run says how idle it was.
    console.log(
      `machine: ${cpus().length} CPUs, load ${loadavg()[0].toFixed(2)}; PostgreSQL ${version} at 127.0.0.1`,
    );
    const folders = new FolderRepository(db);
    const services = createMailboxServices(db, { folderChanged: async () => undefined });
    const { delivery: service, mailboxes, reads } = services;
    const conditions = `5 KB messages, ${CALLERS} concurrent callers, pool ${POOL}, synchronous_commit on`;

    const owners = Array.from({ length: 100 }, (_, i) => `user${i}@bench.example`);
    for (const owner of owners) await mailboxes.ensure(owner);
    await deliveries(service, 500, (i) => owners[i % 100]); // warm-up
    await services.indexer.idle();
    const spread = await deliveries(service, SPREAD_DELIVERIES, (i) => owners[i % 100]);
    const indexStart = process.hrtime.bigint();
    await services.indexer.idle();
    const indexLag = Number(process.hrtime.bigint() - indexStart) / 1e9;
    console.log(
      `deliveries across 100 mailboxes: ${spread.toFixed(0)}/s (${SPREAD_DELIVERIES} deliveries, ${conditions}) target >= 2000/s: ${verdict(spread >= 2000)}`,
    );
    console.log(
      `search index: every delivered item had its document ${indexLag.toFixed(2)} s after the last delivery (built in the background while they ran)`,
    );
    const one = await deliveries(service, ONE_MAILBOX_DELIVERIES, () => 'solo@bench.example');
    console.log(
      `deliveries into one mailbox: ${one.toFixed(0)}/s (${ONE_MAILBOX_DELIVERIES} deliveries, ${conditions})`,
    );

    const sizes = [1_000, 100_000];
    const targets = [];
    for (const size of sizes) {
      const owner = `folder${size}@bench.example`;
      const { id } = await mailboxes.ensure(owner);
      const inbox = await folders.findDefault(id, FOLDER_TYPE.inbox);
      const start = process.hrtime.bigint();
      await bulkFill(db, id, inbox, size);
      console.log(
        `bulk-filled a ${size}-item folder in ${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(1)} s`,
      );
      targets.push({ size, id, inbox, owner });
    }
    await db.query(
      'VACUUM ANALYZE mailbox.item, mailbox.journal, mailbox.folder, mailbox.item_search',
    );

    const changeTimes = await latency(
      targets.map(
        ({ size, inbox, owner }) =>
          () =>
            reads.changes(owner, inbox, { after: size - 10, window: 10 }),
      ),
    );
    for (const [k, { size }] of targets.entries())
      console.log(
        `change query, 10-change window at the end of a ${size}-item folder: median ${ms(changeTimes[k].median)}, p95 ${ms(changeTimes[k].p95)} (${LATENCY_RUNS} sequential runs, alternating folders, ItemReadsService.changes)`,
      );
    const ratio = changeTimes[1].median / changeTimes[0].median;
    console.log(
      `change query 100k/1k ratio: ${ratio.toFixed(2)} target equal within noise (0.8-1.25): ${verdict(ratio >= 0.8 && ratio <= 1.25)}`,
    );

    const large = targets[1];
    const newestIds = async () =>
      (await reads.list(large.owner, large.inbox, { limit: 512 })).items.map((i) => i.itemId);
    const ids = await newestIds();
    const headers = { properties: true, attachments: false };
    const [listed, fetched, both, page] = await latency(
      [
        () => newestIds(),
        () => reads.fetch(large.owner, ids, headers),
        async () => reads.fetch(large.owner, await newestIds(), headers),
        () => reads.list(large.owner, large.inbox, { limit: 512, properties: true }),
      ],
      500,
    );
    const report = (what: string, t: { median: number; p95: number }) =>
      console.log(
        `${what} in a 100000-item folder: median ${ms(t.median)}, p95 ${ms(t.p95)} target <= 5 ms: ${verdict(t.median <= 5)}`,
      );
    report('512 newest item ids (ItemReadsService.list)', listed);
    report('512 items of headers by id (ItemReadsService.fetch)', fetched);
    report('512-item page of headers, list then fetch', both);
    report('512-item page of headers in one read (ItemReadsService.list with properties)', page);
  } finally {
    if (db.isInitialized) await db.destroy();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
