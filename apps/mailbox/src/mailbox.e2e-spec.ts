/**
 * The built mailbox role as its own process on the real PostgreSQL and NATS: many concurrent
 * deliveries into one mailbox, a process killed between committing a delivery and answering
 * it, and the mailbox the directory's event creates for a new user.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { FolderListSubject, MailboxAdd, MessageDeliver, QuotaGet } from '@mail/contracts';
import { BusError, createBusTransport, type BusTransport } from '@mail/runtime';
import {
  TEST_NATS_URL,
  createTestDatabase,
  freePort,
  startProcess,
  uniqueName,
  waitForStart,
  type ServerProcess,
  type TestDatabase,
} from '@mail/runtime/testing';

jest.setTimeout(120_000);

describe('the mailbox role over NATS and PostgreSQL', () => {
  let database: TestDatabase;
  let prefix: string;
  let bus: BusTransport;
  let nats: NatsConnection;
  let sql: Client;
  const processes: ServerProcess[] = [];
  const mime = (n: number) =>
    Buffer.from(
      `From: a@fabrikam.com\r\nSubject: message ${n}\r\n\r\n${'x'.repeat(5000)}\r\n`,
    ).toString('base64');
  const start = async (env: Record<string, string> = {}) => {
    const server = startProcess('mailbox', {
      ROLES: 'mailbox',
      DATABASE_URL: database.url,
      NATS_URL: TEST_NATS_URL,
      BUS_PREFIX: prefix,
      ...env,
    });
    processes.push(server);
    await waitForStart(server);
    return server;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    prefix = uniqueName('mbx');
    bus = createBusTransport({
      natsServers: [TEST_NATS_URL],
      prefix,
      timeoutMs: 30_000,
      drainTimeoutMs: 1000,
      name: 'mailbox-e2e',
    });
    nats = await connect({ servers: TEST_NATS_URL });
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await bus.client.close();
    await nats.close();
    await sql.end();
    await database.drop();
  });

  it('stores 1,000 concurrent deliveries once each, numbered 1..1000, one event per commit', async () => {
    const server = await start();
    const events: string[] = [];
    const sub = nats.subscribe(`${prefix}.mailbox.folder.changed`, {
      callback: (_error, message) => events.push(message.string()),
    });
    let next = 0;
    const worker = async () => {
      while (next < 1000) {
        const n = next++;
        await bus.client.request(MessageDeliver, {
          queueId: `q-${n}`,
          recipient: 'pat@contoso.com',
          mime: mime(n),
        });
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    // A retry of an already delivered message is answered, not stored again, not announced.
    const retry = await bus.client.request(MessageDeliver, {
      queueId: 'q-17',
      recipient: 'pat@contoso.com',
      mime: mime(17),
    });
    expect(retry.duplicate).toBe(true);

    const { rows: items } = await sql.query(
      `SELECT count(*)::int AS count, count(DISTINCT subject)::int AS subjects FROM mailbox.item`,
    );
    expect(items[0]).toEqual({ count: 1000, subjects: 1000 });
    const { rows: journal } = await sql.query(
      `SELECT j.change_number::int AS n, j.at FROM mailbox.journal j
       JOIN mailbox.folder f ON f.id = j.folder_id AND f.display_name = 'Inbox'
       ORDER BY j.change_number`,
    );
    expect(journal.map((row) => row.n)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    // Each number was taken under the folder's lock, so the numbers follow the order of writing.
    const times = journal.map((row) => (row.at as Date).getTime());
    expect(times.every((time, i) => i === 0 || time >= times[i - 1])).toBe(true);
    // Deliveries that arrive together commit together; each commit announces itself once.
    const { rows: commits } = await sql.query(
      `SELECT count(DISTINCT j.xmin::text)::int AS n FROM mailbox.journal j
       JOIN mailbox.folder f ON f.id = j.folder_id AND f.display_name = 'Inbox'`,
    );
    const deadline = Date.now() + 5000;
    while (events.length < commits[0].n && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 200)); // nothing more may arrive
    expect(events).toHaveLength(commits[0].n);
    expect(JSON.parse(events[0])).toMatchObject({
      data: { mailbox: 'pat@contoso.com', folderIds: [expect.any(String)] },
    });
    sub.unsubscribe();
    await server.stop();
  });

  it('stores a delivery once when the process dies after the commit and the caller retries', async () => {
    const slow = await start({ MAILBOX_TEST_DELAY_BEFORE_REPLY_MS: '60000' });
    const delivery = { queueId: 'crash-1', recipient: 'lee@contoso.com', mime: mime(1) };
    const lost = bus.client
      .request(MessageDeliver, delivery, { timeoutMs: 5000 })
      .catch((error: unknown) => error);
    for (let committed = 0; committed === 0;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const { rows } = await sql
        .query("SELECT count(*)::int AS n FROM mailbox.delivery WHERE queue_id = 'crash-1'")
        .catch(() => ({ rows: [{ n: 0 }] }));
      committed = rows[0].n;
    }
    await slow.stop('SIGKILL');
    await start();
    const retried = await bus.client.request(MessageDeliver, delivery);
    expect(retried.duplicate).toBe(true);
    const { rows } = await sql.query(
      `SELECT i.id FROM mailbox.item i JOIN mailbox.mailbox m ON m.id = i.mailbox_id
       WHERE m.owner = 'lee@contoso.com'`,
    );
    expect(rows).toEqual([{ id: retried.itemId }]);
    // The first caller got no answer from the dead process: a timeout, which it retried above.
    expect(await lost).toMatchObject({ code: 'timeout' });
  });

  it("creates a new user's mailbox when the directory announces the user", async () => {
    await start();
    const directory = startProcess('directory', {
      ROLES: 'directory',
      DATABASE_URL: database.url,
      NATS_URL: TEST_NATS_URL,
      BUS_PREFIX: prefix,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'mbx-dir-')),
      LDAP_PORT: String(await freePort()),
      ORG_DOMAIN: 'contoso.com',
      ADMIN_PASSWORD: 'Mailbox-Admin-1',
    });
    processes.push(directory);
    await waitForStart(directory);
    await bus.client.request(MailboxAdd, { address: 'kim@contoso.com', displayName: 'Kim Ito' });
    // The quota read never creates a mailbox: it answers once the event has been handled.
    const quota = async (mailbox: string) => {
      for (const deadline = Date.now() + 10_000; ;) {
        const answer = await bus.client.request(QuotaGet, { mailbox }).catch((e: unknown) => e);
        if (!(answer instanceof BusError && answer.code === 'not-found') || Date.now() > deadline)
          return answer;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    expect(await quota('kim@contoso.com')).toEqual({
      itemCount: 0,
      totalSize: 0,
      quota: null,
      percentUsed: null,
    });
    // The administrator the directory created at its first start got one the same way.
    expect(await quota('admin@contoso.com')).toMatchObject({ itemCount: 0 });
    const { folders } = await bus.client.request(FolderListSubject, { mailbox: 'kim@contoso.com' });
    expect(folders).toHaveLength(11);
  });
});
