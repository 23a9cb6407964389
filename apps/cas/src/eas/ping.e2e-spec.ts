/**
 * Direct Push over real HTTPS, in both ways to run: embedded (one process, in-process bus,
 * PGlite) and distributed (CAS alone in one process; directory, mailbox and hub transport in
 * another; PostgreSQL and NATS). A device holds a Ping on its Inbox; mail delivered over SMTP
 * answers it with Status 2 and the Inbox within a second of the 250; HeartbeatInterval out of
 * bounds gets 5 with the bound, too many folders 6 with MaxFolders, an empty Ping reuses what
 * the device sent last (3 when there is nothing), the heartbeat ends in 1, a newer Ping of the
 * device ends the older one, a folder created by another device ends it with 7, and 7 again
 * until the device has synced its hierarchy (also when the folder was created through another
 * CAS instance, whose change reaches this one as the mailbox's event). Sync with HeartbeatInterval is held the same way:
 * answered with the new mail when it arrives, with the empty Sync response when the time
 * passes, and with Status 14 and the Limit when the interval is out of bounds. Mail delivered
 * between a device's Sync and its Ping answers that Ping at once with Status 2; once synced,
 * and after the device's own read-flag change, its Ping is held again.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import {
  EasClient,
  TEST_NATS_URL,
  createTestDatabase,
  findAll,
  freeStackPorts,
  stackPortEnv,
  startProcess,
  startStack,
  textOf,
  uniqueName,
  waitForStart,
  type EasAnswer,
  type ServerProcess,
  type Stack,
  type TestDatabase,
} from '@mail/runtime/testing';

jest.setTimeout(60_000);

const ADMIN = { user: 'admin@contoso.com', password: 'Admin-Password-1' };
const PAT = { user: 'pat@contoso.com', password: 'Pat-Password-1' };
/** Bounds the stack runs with: short enough for the heartbeat to expire within a test. */
const HELD = {
  ORG_DOMAIN: 'contoso.com',
  EAS_HEARTBEAT_MIN_SECONDS: '2',
  EAS_HEARTBEAT_MAX_SECONDS: '120',
  EAS_PING_MAX_FOLDERS: '4',
};
/** Time for a Ping to reach the server and be held before the test changes something. */
const SETTLE_MS = 800;

const folderSync = (key: string) =>
  `<FolderSync xmlns="FolderHierarchy:"><SyncKey>${key}</SyncKey></FolderSync>`;
const pingRequest = (heartbeat: number | null, folderIds: string[] | null) =>
  '<Ping xmlns="Ping:">' +
  (heartbeat === null ? '' : `<HeartbeatInterval>${heartbeat}</HeartbeatInterval>`) +
  (folderIds === null
    ? ''
    : `<Folders>${folderIds.map((id) => `<Folder><Id>${id}</Id><Class>Email</Class></Folder>`).join('')}</Folders>`) +
  '</Ping>';
const pingFolders = (answer: EasAnswer) =>
  findAll(answer.tree, 'Folder').map((f) => String(f.content));
const syncRequest = (
  key: string,
  folderId: string,
  o: { heartbeat?: number; getChanges?: 0 | 1; commands?: string } = {},
) =>
  '<Sync xmlns="AirSync:" xmlns:email="Email:"><Collections><Collection>' +
  `<SyncKey>${key}</SyncKey><CollectionId>${folderId}</CollectionId>` +
  `<GetChanges>${o.getChanges ?? 1}</GetChanges><WindowSize>100</WindowSize>` +
  (o.commands === undefined ? '' : `<Commands>${o.commands}</Commands>`) +
  '</Collection></Collections>' +
  (o.heartbeat === undefined ? '' : `<HeartbeatInterval>${o.heartbeat}</HeartbeatInterval>`) +
  '</Sync>';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Setup {
  stack: Stack;
  smtpPort: number;
  /** The certificate the SMTP listener's process presents. */
  smtpCa: string;
  /** Distributed: a second CAS instance on the same roles, as behind a load balancer. */
  otherCas?: Stack;
  stop(): Promise<void>;
}

async function embedded(): Promise<Setup> {
  const stack = await startStack({
    env: { ...HELD, ADMIN_PASSWORD: ADMIN.password },
    startTimeoutMs: 90_000,
  });
  return {
    stack,
    smtpPort: stack.ports.smtp,
    smtpCa: stack.ca,
    stop: async () => void (await stack.stop()),
  };
}

async function distributed(): Promise<Setup> {
  const database: TestDatabase = await createTestDatabase();
  const shared = {
    ...HELD,
    DATABASE_URL: database.url,
    NATS_URL: TEST_NATS_URL,
    BUS_PREFIX: uniqueName('ping'),
  };
  const backendPorts = await freeStackPorts();
  const smtpPort = backendPorts.smtp;
  const backendDir = mkdtempSync(join(tmpdir(), 'mail-backend-'));
  const backend: ServerProcess = startProcess('server', {
    ...shared,
    ROLES: 'directory,mailbox,hub-transport',
    ADMIN_PASSWORD: ADMIN.password,
    DATA_DIR: backendDir,
    ...stackPortEnv(backendPorts),
  });
  await waitForStart(backend, 90_000);
  const cas = () =>
    startStack({ app: 'cas', env: { ...shared, ROLES: 'cas' }, startTimeoutMs: 90_000 });
  const [stack, otherCas] = await Promise.all([cas(), cas()]);
  return {
    stack,
    smtpPort,
    smtpCa: readFileSync(join(backendDir, 'tls', 'server.crt'), 'utf8'),
    otherCas,
    stop: async () => {
      await Promise.all([stack.stop(), otherCas.stop()]);
      await backend.stop('SIGKILL');
      await database.drop();
    },
  };
}

describe.each([
  ['embedded (in-process bus, PGlite)', embedded],
  ['distributed (CAS apart, NATS, PostgreSQL)', distributed],
])('Ping, %s', (_mode, start) => {
  let setup: Setup;
  let phone: EasClient;
  let inbox: string;
  let folderIds: string[];
  const device = (deviceId: string, cas = setup.stack) =>
    new EasClient({
      port: cas.ports.https,
      ca: cas.ca,
      ...PAT,
      deviceId,
      version: '14.1',
      autoProvision: true,
    });
  /** Delivers one message over SMTP; resolves at the server's 250. */
  const deliver = async (subject: string) => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: setup.smtpPort,
      tls: { ca: setup.smtpCa, servername: 'localhost' },
    });
    try {
      const info = await transport.sendMail({
        from: 'kim@fabrikam.com',
        to: PAT.user,
        subject,
        text: 'New mail for a waiting phone.',
      });
      expect(info.response).toMatch(/^250 /);
    } finally {
      transport.close();
    }
  };

  /** Syncs the Inbox from `key` until nothing more is available: the last answer. */
  const syncInbox = async (client: EasClient, key: string) => {
    for (;;) {
      const answer = await client.send('Sync', syncRequest(key, inbox));
      if (findAll(answer.tree, 'MoreAvailable').length === 0) return answer;
      key = textOf(answer.tree, 'SyncKey')!;
    }
  };

  beforeAll(async () => {
    setup = await start();
    await setup.stack.mailctlJson(
      ['mailbox', 'add', PAT.user, '--display-name', 'Pat Lee', '--password', PAT.password],
      ADMIN,
    );
    phone = device('PushPhone');
    const hierarchy = await phone.send('FolderSync', folderSync('0'));
    expect(hierarchy.easStatus).toBe(1);
    const adds = findAll(hierarchy.tree, 'Add');
    inbox = textOf(
      adds.find((a) => textOf(a, 'Type') === '2')!,
      'ServerId',
    )!;
    folderIds = adds.map((a) => textOf(a, 'ServerId')!);
  }, 240_000);
  afterAll(() => setup?.stop());

  it('answers a held Ping with Status 2 and the Inbox within a second of the SMTP 250', async () => {
    const held = phone.send(
      'Ping',
      pingRequest(60, [inbox, folderIds.find((id) => id !== inbox)!]),
    );
    await sleep(SETTLE_MS);
    await deliver('Pushed');
    const delivered = Date.now();
    const answer = await held;
    const latency = Date.now() - delivered;
    expect(answer.status).toBe(200);
    expect(answer.easStatus).toBe(2);
    expect(pingFolders(answer)).toEqual([inbox]);
    expect(latency).toBeLessThan(1000);
  });

  it('reuses the remembered HeartbeatInterval and Folders for an empty Ping', async () => {
    const held = phone.send('Ping', null);
    await sleep(SETTLE_MS);
    await deliver('Pushed again');
    const answer = await held;
    expect(answer.easStatus).toBe(2);
    expect(pingFolders(answer)).toEqual([inbox]);

    // Folders alone keeps the remembered HeartbeatInterval.
    const partial = phone.send('Ping', pingRequest(null, [inbox]));
    await sleep(SETTLE_MS);
    await deliver('Third');
    expect((await partial).easStatus).toBe(2);
  });

  it('answers Status 3 to an empty Ping from a device that never sent its parameters', async () => {
    const fresh = device('NoParameters');
    expect((await fresh.send('FolderSync', folderSync('0'))).easStatus).toBe(1);
    expect((await fresh.send('Ping', null)).easStatus).toBe(3);
  });

  it('answers Status 5 with the bound for a HeartbeatInterval out of range', async () => {
    const short = await phone.send('Ping', pingRequest(1, [inbox]));
    expect(short.easStatus).toBe(5);
    expect(textOf(short.tree, 'HeartbeatInterval')).toBe('2');
    const long = await phone.send('Ping', pingRequest(121, [inbox]));
    expect(long.easStatus).toBe(5);
    expect(textOf(long.tree, 'HeartbeatInterval')).toBe('120');
  });

  it('answers Status 6 with MaxFolders for too many folders', async () => {
    const answer = await phone.send('Ping', pingRequest(60, folderIds.slice(0, 5)));
    expect(answer.easStatus).toBe(6);
    expect(textOf(answer.tree, 'MaxFolders')).toBe('4');
  });

  it('answers Status 4 to a Ping with neither HeartbeatInterval nor Folders', async () => {
    expect((await phone.send('Ping', '<Ping xmlns="Ping:"/>')).easStatus).toBe(4);
  });

  it('answers Status 1 when the heartbeat expires without changes', async () => {
    const started = Date.now();
    const answer = await phone.send('Ping', pingRequest(2, [inbox]));
    expect(answer.easStatus).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(findAll(answer.tree, 'Folders')).toHaveLength(0);
  });

  it('ends a held Ping when the same device sends a newer one', async () => {
    const older = phone.send('Ping', pingRequest(60, [inbox]));
    await sleep(SETTLE_MS);
    const newer = phone.send('Ping', pingRequest(60, [inbox]));
    const ended = await older;
    expect(ended.easStatus).toBe(1);
    await sleep(SETTLE_MS);
    await deliver('For the newer Ping');
    const answer = await newer;
    expect(answer.easStatus).toBe(2);
    expect(pingFolders(answer)).toEqual([inbox]);
  });

  it('answers Status 7 when another device creates a folder, until the device syncs its hierarchy', async () => {
    const held = phone.send('Ping', pingRequest(60, [inbox]));
    await sleep(SETTLE_MS);
    const tablet = device('PushTablet');
    const tabletHierarchy = await tablet.send('FolderSync', folderSync('0'));
    const key = textOf(tabletHierarchy.tree, 'SyncKey')!;
    const created = await tablet.send(
      'FolderCreate',
      '<FolderCreate xmlns="FolderHierarchy:">' +
        `<SyncKey>${key}</SyncKey><ParentId>0</ParentId>` +
        '<DisplayName>Receipts</DisplayName><Type>12</Type></FolderCreate>',
    );
    expect(created.easStatus).toBe(1);
    expect((await held).easStatus).toBe(7);

    expect((await phone.send('Ping', pingRequest(2, [inbox]))).easStatus).toBe(7);
    const synced = await phone.send('FolderSync', folderSync('1'));
    expect(findAll(synced.tree, 'Add').map((a) => textOf(a, 'DisplayName'))).toEqual(['Receipts']);
    expect((await phone.send('Ping', pingRequest(2, [inbox]))).easStatus).toBe(1);
  });

  // CAS remembers a mailbox's folder list; a folder created through another instance must
  // not wait for that memory to expire (the mailbox's HierarchyChanged event drops it).
  if (start === distributed)
    it('shows a folder created through another CAS instance at once: Ping 7, then FolderSync', async () => {
      const watcher = device('PushWatcher');
      const first = await watcher.send('FolderSync', folderSync('0'));
      const key = textOf(first.tree, 'SyncKey')!;
      const held = watcher.send('Ping', pingRequest(60, [inbox]));
      await sleep(SETTLE_MS);
      const elsewhere = device('PushElsewhere', setup.otherCas);
      const theirs = await elsewhere.send('FolderSync', folderSync('0'));
      const created = await elsewhere.send(
        'FolderCreate',
        '<FolderCreate xmlns="FolderHierarchy:">' +
          `<SyncKey>${textOf(theirs.tree, 'SyncKey')}</SyncKey><ParentId>0</ParentId>` +
          '<DisplayName>Travel</DisplayName><Type>12</Type></FolderCreate>',
      );
      expect(created.easStatus).toBe(1);
      expect((await held).easStatus).toBe(7);
      const synced = await watcher.send('FolderSync', folderSync(key));
      expect(findAll(synced.tree, 'Add').map((a) => textOf(a, 'DisplayName'))).toContain('Travel');
    });

  it('answers Status 7 for a folder the mailbox does not have', async () => {
    const answer = await phone.send(
      'Ping',
      pingRequest(2, ['00000000-0000-4000-8000-000000000000']),
    );
    expect(answer.easStatus).toBe(7);
  });

  describe('Sync with HeartbeatInterval', () => {
    let key: string;

    beforeAll(async () => {
      // Prime the Inbox and take everything already there, so only new mail is news.
      const primed = textOf((await phone.send('Sync', syncRequest('0', inbox))).tree, 'SyncKey')!;
      key = textOf((await syncInbox(phone, primed)).tree, 'SyncKey')!;
    });

    it('is held until new mail arrives, then answers with it', async () => {
      const held = phone.send('Sync', syncRequest(key, inbox, { heartbeat: 60 }));
      await sleep(SETTLE_MS);
      await deliver('Held Sync');
      const answer = await held;
      expect(answer.status).toBe(200);
      const adds = findAll(answer.tree, 'Add');
      expect(adds.map((a) => textOf(a, 'Subject'))).toEqual(['Held Sync']);
      key = textOf(answer.tree, 'SyncKey')!;
    });

    it('answers the empty Sync response when the interval passes without changes', async () => {
      const started = Date.now();
      const answer = await phone.send('Sync', syncRequest(key, inbox, { heartbeat: 2 }));
      expect(answer.status).toBe(200);
      expect(answer.body.length).toBe(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    });

    it('answers Status 14 with the Limit for an interval out of bounds', async () => {
      const answer = await phone.send('Sync', syncRequest(key, inbox, { heartbeat: 1 }));
      expect(answer.easStatus).toBe(14);
      expect(textOf(answer.tree, 'Limit')).toBe('2');
    });
  });
  describe('changes the device missed between its Sync and its Ping', () => {
    let gapPhone: EasClient;
    let key: string;
    let itemId: string;
    /** A Ping of `heartbeat` seconds on the Inbox, and how long its answer took. */
    const timedPing = async (heartbeat: number) => {
      const started = Date.now();
      const answer = await gapPhone.send('Ping', pingRequest(heartbeat, [inbox]));
      return { answer, ms: Date.now() - started };
    };

    beforeAll(async () => {
      gapPhone = device('GapPhone');
      expect((await gapPhone.send('FolderSync', folderSync('0'))).easStatus).toBe(1);
      const primed = textOf(
        (await gapPhone.send('Sync', syncRequest('0', inbox))).tree,
        'SyncKey',
      )!;
      key = textOf((await syncInbox(gapPhone, primed)).tree, 'SyncKey')!;
    });

    it('answers a Ping at once with Status 2 and the Inbox for mail delivered after the Sync', async () => {
      // A device that never synced the Inbox has nothing to refresh: its Ping waits, and the
      // delivery answering it shows the mail is in the mailbox before the phone's Ping.
      const watcher = device('GapWatcher');
      expect((await watcher.send('FolderSync', folderSync('0'))).easStatus).toBe(1);
      const watching = watcher.send('Ping', pingRequest(60, [inbox]));
      await sleep(SETTLE_MS);
      await deliver('In the gap');
      expect((await watching).easStatus).toBe(2);

      const { answer, ms } = await timedPing(30);
      expect(answer.easStatus).toBe(2);
      expect(pingFolders(answer)).toEqual([inbox]);
      expect(ms).toBeLessThan(1000);
    });

    it('holds the next Ping once the device has synced that mail', async () => {
      const synced = await syncInbox(gapPhone, key);
      const add = findAll(synced.tree, 'Add').find((a) => textOf(a, 'Subject') === 'In the gap')!;
      itemId = textOf(add, 'ServerId')!;
      key = textOf(synced.tree, 'SyncKey')!;
      const { answer, ms } = await timedPing(2);
      expect(answer.easStatus).toBe(1);
      expect(ms).toBeGreaterThanOrEqual(1900);
    });

    it("holds a Ping after the device's own read-flag change", async () => {
      // GetChanges 0: the Sync only uploads the change and stores no newer state, so the
      // journal holds the device's own change past its state when it Pings.
      const read = await gapPhone.send(
        'Sync',
        syncRequest(key, inbox, {
          getChanges: 0,
          commands: `<Change><ServerId>${itemId}</ServerId><ApplicationData><email:Read>1</email:Read></ApplicationData></Change>`,
        }),
      );
      expect(textOf(read.tree, 'Status')).toBe('1');
      expect(findAll(read.tree, 'Responses')).toHaveLength(0);
      const { answer, ms } = await timedPing(2);
      expect(answer.easStatus).toBe(1);
      expect(ms).toBeGreaterThanOrEqual(1900);
    });
  });
});
