/**
 * What a broken or hostile device gets, over real HTTPS, and that the server keeps serving
 * after each: malformed WBXML and 10,000-level nesting (the command's protocol-error status),
 * a 50 MB body (refused before it is read, with or without Content-Length), bad queries and
 * versions (400), wrong passwords (401, then throttled), an EAS-disabled user (403 / 126),
 * blocked and quarantined devices (403 / 129 / 141), and a device repeating a failing request
 * (slowed down).
 */
import { request } from 'node:https';
import { EasClient, startStack, type EasVersion, type Stack } from '@mail/runtime/testing';

jest.setTimeout(60_000);

const ADMIN = { user: 'admin@contoso.com', password: 'Admin-Password-1' };
const PAT = { user: 'pat@contoso.com', password: 'Pat-Password-1' };
const FOLDER_SYNC_0 = '<FolderSync xmlns="FolderHierarchy:"><SyncKey>0</SyncKey></FolderSync>';

/** WBXML header (1.3, unknown public id, UTF-8, no string table), then FolderSync opened n times. */
function deeplyNested(levels: number): Buffer {
  const folderSyncWithContent = 0x56 | 0x40; // FolderHierarchy page 7: FolderSync, content bit
  return Buffer.concat([
    Buffer.from([0x03, 0x01, 0x6a, 0x00, 0x00, 0x07]),
    Buffer.alloc(levels, folderSyncWithContent),
    Buffer.alloc(levels, 0x01),
  ]);
}

describe('bad input to the EAS front door', () => {
  let stack: Stack;
  const device = (deviceId: string, version: EasVersion = '14.1', extra = {}) =>
    new EasClient({
      port: stack.ports.https,
      ca: stack.ca,
      ...PAT,
      deviceId,
      version,
      autoProvision: true,
      ...extra,
    });
  const stillServing = async () => {
    const phone = device('HealthyDev');
    expect((await phone.options()).status).toBe(200);
    expect((await phone.send('FolderSync', FOLDER_SYNC_0)).easStatus).toBe(1);
  };

  beforeAll(async () => {
    stack = await startStack({
      env: {
        ORG_DOMAIN: 'contoso.com',
        ADMIN_PASSWORD: ADMIN.password,
        SIGNIN_USER_BACKOFF_BASE_MS: '1500',
      },
      startTimeoutMs: 90_000,
    });
    for (const [user, extra] of [
      [PAT.user, []],
      ['kim@contoso.com', ['--no-eas']],
      ['lee@contoso.com', []],
    ] as const)
      await stack.mailctlJson(
        ['mailbox', 'add', user, '--display-name', user, '--password', PAT.password, ...extra],
        ADMIN,
      );
  }, 120_000);
  afterAll(() => stack?.stop());

  it('answers malformed WBXML and 10,000-level nesting with the protocol-error status', async () => {
    for (const version of ['12.1', '14.1'] as const) {
      const phone = device(`Broken${version.replace('.', '')}`, version);
      await phone.provision();
      for (const body of [
        Buffer.from('this is not WBXML'),
        Buffer.from([0x03, 0x01, 0x6a, 0x00, 0x00, 0x07, 0x56]), // truncated
        deeplyNested(10_000),
        Buffer.from('<FolderSync xmlns="FolderHierarchy:"/>'), // XML, not WBXML
      ]) {
        const answer = await phone.send('FolderSync', body);
        expect({ version, status: answer.status, easStatus: answer.easStatus }).toEqual({
          version,
          status: 200,
          easStatus: 10,
        });
      }
      // A well-formed body of the wrong command is malformed too.
      const provisionBody = await phone.send('Provision', FOLDER_SYNC_0);
      expect(provisionBody.easStatus).toBe(2);
    }
    await stillServing();
  });

  it('refuses a 50 MB body before reading it, with or without Content-Length', async () => {
    const phone = device('BigDev');
    await phone.provision();
    /** Uploads 50 MB a megabyte at a time, stopping as soon as the server has answered. */
    const upload = (declareLength: boolean) =>
      new Promise<{ status: number; sentMb: number }>((resolve, reject) => {
        const total = 50;
        let sent = 0;
        let answered = false;
        const req = request(
          {
            host: '127.0.0.1',
            servername: 'localhost',
            port: stack.ports.https,
            ca: stack.ca,
            method: 'POST',
            path: '/Microsoft-Server-ActiveSync?Cmd=FolderSync&User=pat@contoso.com&DeviceId=BigDev&DeviceType=T',
            headers: {
              Authorization: `Basic ${Buffer.from(`${PAT.user}:${PAT.password}`).toString('base64')}`,
              'MS-ASProtocolVersion': '14.1',
              'X-MS-PolicyKey': phone.policyKey!,
              ...(declareLength
                ? { 'Content-Length': String(total * 1024 * 1024) }
                : { 'Transfer-Encoding': 'chunked' }),
            },
            agent: false,
          },
          (res) => {
            answered = true;
            res.resume();
            resolve({ status: res.statusCode ?? 0, sentMb: sent });
            req.destroy();
          },
        );
        req.on('error', (error) => {
          if (!answered) reject(error);
        });
        const chunk = Buffer.alloc(1024 * 1024, 0x41);
        const pump = () => {
          if (answered) return;
          if (sent === total) return void req.end();
          sent++;
          req.write(chunk, () => setTimeout(pump, 20));
        };
        pump();
      });
    const declared = await upload(true);
    expect(declared.status).toBe(413);
    expect(declared.sentMb).toBeLessThan(50);
    const chunked = await upload(false);
    expect(chunked.status).toBe(413);
    expect(chunked.sentMb).toBeLessThan(50);
    await stillServing();
  });

  it('refuses bad queries and versions with 400', async () => {
    const phone = device('QueryDev');
    const raw = (query: string, headers: Record<string, string> = {}) =>
      phone.rawPost(`/Microsoft-Server-ActiveSync?${query}`, Buffer.alloc(0), {
        'MS-ASProtocolVersion': '14.1',
        ...headers,
      });
    expect((await raw('jAAJBAp2MTQw')).status).toBe(400); // base64 cut short
    expect((await raw('!!not-a-query!!')).status).toBe(400);
    expect((await raw('Cmd=Dance&User=pat&DeviceId=Q1&DeviceType=T')).status).toBe(400);
    expect((await raw('Cmd=FolderSync&User=pat&DeviceId=bad-id&DeviceType=T')).status).toBe(400);
    const query = 'Cmd=FolderSync&User=pat&DeviceId=Q1&DeviceType=T';
    expect((await raw(query, { 'MS-ASProtocolVersion': '3.0' })).status).toBe(400);
    expect(
      (await phone.rawPost(`/Microsoft-Server-ActiveSync?${query}`, Buffer.alloc(0))).status,
    ).toBe(400);
    await stillServing();
  });

  it('challenges a wrong password, then throttles, then lets the right one in again', async () => {
    const wrong = device('WrongDev', '14.1', {
      user: 'lee@contoso.com',
      password: 'not-it-at-all',
    });
    for (let i = 0; i < 4; i++) {
      const answer = await wrong.options();
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toMatch(/^Basic/);
    }
    const right = device('RightDev', '14.1', {
      user: 'lee@contoso.com',
      queryUser: 'lee@contoso.com',
    });
    expect((await right.options()).status).toBe(401); // throttled: refused unchecked
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    expect((await right.options()).status).toBe(200);
    await stillServing();
  });

  it('refuses a user without EAS: 403, and Status 126 from 14.0', async () => {
    const kim = (version: EasVersion) =>
      device(`Kim${version.replace('.', '')}`, version, { user: 'kim@contoso.com' });
    expect((await kim('14.1').options()).status).toBe(403);
    expect((await kim('12.1').send('FolderSync', FOLDER_SYNC_0)).status).toBe(403);
    const modern = await kim('14.1').send('FolderSync', FOLDER_SYNC_0);
    expect({ status: modern.status, easStatus: modern.easStatus }).toEqual({
      status: 200,
      easStatus: 126,
    });
  });

  it('refuses blocked and quarantined devices with the status of their version', async () => {
    const modern = device('BlockedModern', '14.1');
    const old = device('BlockedOld', '12.1');
    await modern.send('FolderSync', FOLDER_SYNC_0);
    await old.send('FolderSync', FOLDER_SYNC_0);
    for (const id of ['BlockedModern', 'BlockedOld'])
      await stack.mailctlJson(['device', 'block', '--mailbox', PAT.user, '--device-id', id], ADMIN);
    expect((await modern.send('FolderSync', FOLDER_SYNC_0)).easStatus).toBe(129);
    expect((await old.send('FolderSync', FOLDER_SYNC_0)).status).toBe(403);

    await stack.mailctlJson(
      ['device', 'quarantine', '--mailbox', PAT.user, '--device-id', 'BlockedModern'],
      ADMIN,
    );
    expect((await modern.send('FolderSync', FOLDER_SYNC_0)).easStatus).toBe(141);
    // Provision still runs for a quarantined device (so a wipe can reach it).
    expect(await modern.provision()).toMatch(/^\d+$/);
    await stack.mailctlJson(
      ['device', 'allow', '--mailbox', PAT.user, '--device-id', 'BlockedModern'],
      ADMIN,
    );
    expect((await modern.send('FolderSync', FOLDER_SYNC_0)).easStatus).toBe(1);
    await stillServing();
  });

  it('slows down a device that repeats the same failing request', async () => {
    const looping = device('LoopDev');
    await looping.provision();
    const stale = '<FolderSync xmlns="FolderHierarchy:"><SyncKey>999</SyncKey></FolderSync>';
    const took: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = Date.now();
      expect((await looping.send('FolderSync', stale)).easStatus).toBe(9);
      took.push(Date.now() - start);
    }
    expect(took[3]).toBeGreaterThanOrEqual(900);
    expect(took[4]).toBeGreaterThanOrEqual(1_900);
    // Another device of the same user is not slowed down.
    const start = Date.now();
    await stillServing();
    expect(Date.now() - start).toBeLessThan(took[4]);
  });
});
