/**
 * Sync of email over HTTPS against the running stack, mail delivered over SMTP: a device
 * primes its Inbox, is told of new mail by a held Ping within a second of the 250, syncs it
 * with its attachment listed, marks it read and a second device of the user sees that, at 2.5,
 * 12.1, 14.1 and 16.1; a lost answer is sent again, a
 * stale key gets 3, WindowSize pages with MoreAvailable, Delete moves to Deleted Items, a
 * policy without attachments hides them, and a malformed request gets Status 4.
 */
import nodemailer from 'nodemailer';
import {
  EasClient,
  findAll,
  startStack,
  textOf,
  type EasAnswer,
  type EasVersion,
  type Stack,
} from '@mail/runtime/testing';
import type { WbxmlElement } from '@mail/wbxml';

const ADMIN = { user: 'admin@contoso.com', password: 'Admin-Password-1' };
const PAT = { user: 'pat@contoso.com', password: 'Pat-Password-1' };
const KIM = { user: 'kim@contoso.com', password: 'Kim-Password-1' };

const NS = 'xmlns="AirSync:" xmlns:email="Email:" xmlns:airsyncbase="AirSyncBase:"';
const folderSync = `<FolderSync xmlns="FolderHierarchy:"><SyncKey>0</SyncKey></FolderSync>`;

interface SyncOptions {
  windowSize?: number;
  commands?: string;
  options?: string;
}
function syncRequest(collectionId: string, key: string, o: SyncOptions = {}): string {
  const window = o.windowSize ? `<WindowSize>${o.windowSize}</WindowSize>` : '';
  const getChanges = key === '0' ? '' : '<GetChanges>1</GetChanges>';
  const commands = o.commands ? `<Commands>${o.commands}</Commands>` : '';
  return (
    `<Sync ${NS}><Collections><Collection><SyncKey>${key}</SyncKey>` +
    `<CollectionId>${collectionId}</CollectionId>${getChanges}${window}` +
    `${o.options ?? ''}${commands}</Collection></Collections></Sync>`
  );
}

const bodyOptions = (version: EasVersion) =>
  version === '2.5'
    ? '<Options><Truncation>9</Truncation></Options>'
    : '<Options><airsyncbase:BodyPreference><airsyncbase:Type>1</airsyncbase:Type>' +
      '<airsyncbase:TruncationSize>20000</airsyncbase:TruncationSize></airsyncbase:BodyPreference></Options>';

const keyOf = (answer: EasAnswer) => textOf(answer.tree, 'SyncKey')!;
/** The Sync's own Status, else its (first) collection's. */
const statusOf = (answer: EasAnswer) => answer.easStatus ?? Number(textOf(answer.tree, 'Status'));
const commandsOf = (answer: EasAnswer, tag: string): WbxmlElement[] =>
  findAll(findAll(answer.tree, 'Commands')[0], tag);
const serverIds = (answer: EasAnswer, tag = 'Add') =>
  commandsOf(answer, tag).map((a) => textOf(a, 'ServerId')!);

jest.setTimeout(120_000);

describe('EAS Sync of email', () => {
  let stack: Stack;
  let smtp: ReturnType<typeof nodemailer.createTransport>;

  const device = (account: typeof PAT, deviceId: string, version: EasVersion = '14.1') =>
    new EasClient({
      port: stack.ports.https,
      ca: stack.ca,
      ...account,
      deviceId,
      version,
      autoProvision: true,
    });

  async function deliver(to: string, subject: string, attach = true, count = 1) {
    for (let i = 0; i < count; i++)
      await smtp.sendMail({
        from: 'Zoe <zoe@fabrikam.com>',
        to,
        subject: count > 1 ? `${subject} ${i}` : subject,
        text: `Hello about ${subject}`,
        attachments: attach
          ? [{ filename: 'notes.txt', content: 'attached words', contentType: 'text/plain' }]
          : [],
      });
  }

  /** FolderSync, then the folder of that type's id. */
  async function folderOf(phone: EasClient, type: number): Promise<string> {
    const answer = await phone.send('FolderSync', folderSync);
    const add = findAll(answer.tree, 'Add').find((a) => textOf(a, 'Type') === String(type));
    return textOf(add, 'ServerId')!;
  }

  /** Syncs from `key` until `until` holds of the answer (mail delivery is asynchronous). */
  async function syncUntil(
    phone: EasClient,
    collectionId: string,
    key: string,
    until: (answer: EasAnswer) => boolean,
    o: SyncOptions = {},
  ): Promise<EasAnswer> {
    for (let attempt = 0; ; attempt++) {
      const answer = await phone.send('Sync', syncRequest(collectionId, key, o));
      expect(statusOf(answer)).toBe(1);
      if (until(answer) || attempt === 40) return answer;
      key = keyOf(answer);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /**
   * Waits until mail with each of `subjects` is in the account's Inbox, as a device of its own
   * sees it: a test that counts the Inbox must not have mail of an earlier test still arriving.
   */
  let watchers = 0;
  async function delivered(account: typeof PAT, subjects: string[]): Promise<void> {
    const watcher = device(account, `Watcher${++watchers}`);
    const inbox = await folderOf(watcher, 2);
    const primed = await watcher.send('Sync', syncRequest(inbox, '0'));
    const seen = new Set<string>();
    await syncUntil(
      watcher,
      inbox,
      keyOf(primed),
      (a) => {
        for (const add of commandsOf(a, 'Add')) seen.add(textOf(add, 'Subject')!);
        return subjects.every((s) => seen.has(s));
      },
      { windowSize: 512 },
    );
    expect(subjects.filter((s) => !seen.has(s))).toEqual([]);
  }
  const numbered = (subject: string, count: number) =>
    Array.from({ length: count }, (_, i) => `${subject} ${i}`);

  beforeAll(async () => {
    stack = await startStack({
      env: { ORG_DOMAIN: 'contoso.com', ADMIN_PASSWORD: ADMIN.password },
      startTimeoutMs: 90_000,
    });
    for (const [who, name] of [
      [PAT, 'Pat Lee'],
      [KIM, 'Kim Ray'],
    ] as const)
      await stack.mailctlJson(
        ['mailbox', 'add', who.user, '--display-name', name, '--password', who.password],
        ADMIN,
      );
    smtp = nodemailer.createTransport({
      host: '127.0.0.1',
      port: stack.ports.smtp,
      secure: false,
      ignoreTLS: true,
    });
  }, 150_000);
  afterAll(async () => {
    smtp?.close();
    await stack?.stop();
  });

  it.each<EasVersion>(['2.5', '12.1', '14.1', '16.1'])(
    'at %s: primes, is pushed new mail by Ping, syncs it with its attachment, marks it read; another device sees it',
    async (version) => {
      const tag = version.replace('.', '');
      const phone = device(PAT, `Phone${tag}`, version);
      const tablet = device(PAT, `Tablet${tag}`, '14.1');
      const inbox = await folderOf(phone, 2);
      await folderOf(tablet, 2);

      const primed = await phone.send('Sync', syncRequest(inbox, '0'));
      expect(statusOf(primed)).toBe(1);
      expect(keyOf(primed)).toBe('1');
      expect(findAll(primed.tree, 'Commands')).toHaveLength(0);
      // A second SyncKey 0 is harmless.
      expect(keyOf(await phone.send('Sync', syncRequest(inbox, '0')))).toBe('1');
      const tabletPrimed = await tablet.send('Sync', syncRequest(inbox, '0'));
      // The tablet takes everything there is now.
      const tabletFirst = await syncUntil(tablet, inbox, keyOf(tabletPrimed), () => true, {
        windowSize: 512,
      });

      // The phone waits with a Ping; the mail's 250 answers it within a second.
      const held = phone.send(
        'Ping',
        `<Ping xmlns="Ping:"><HeartbeatInterval>120</HeartbeatInterval><Folders><Folder>` +
          `<Id>${inbox}</Id><Class>Email</Class></Folder></Folders></Ping>`,
      );
      await new Promise((resolve) => setTimeout(resolve, 800));
      const subject = `Report ${version}`;
      await deliver(PAT.user, subject);
      const accepted = Date.now();
      const pushed = await held;
      expect(Date.now() - accepted).toBeLessThan(1000);
      expect(pushed.easStatus).toBe(2);
      expect(findAll(pushed.tree, 'Folder').map((f) => f.content)).toEqual([inbox]);
      const got = await syncUntil(
        phone,
        inbox,
        '1',
        (a) => commandsOf(a, 'Add').some((add) => textOf(add, 'Subject') === subject),
        { options: bodyOptions(version), windowSize: 512 },
      );
      const add = commandsOf(got, 'Add').find((a) => textOf(a, 'Subject') === subject)!;
      expect(textOf(add, 'Read')).toBe('0');
      expect(textOf(add, 'From')).toContain('zoe@fabrikam.com');
      if (version === '2.5') {
        expect(textOf(add, 'Body')).toContain(`Hello about ${subject}`);
        expect(textOf(add, 'AttName')).toMatch(/^[A-Za-z0-9_-]{24}$/);
      } else {
        expect(textOf(add, 'Data')).toContain(`Hello about ${subject}`);
        expect(textOf(add, 'DisplayName')).toBe('notes.txt');
        expect(textOf(add, 'FileReference')).toMatch(/^[A-Za-z0-9_-]{24}$/);
      }
      const itemId = textOf(add, 'ServerId')!;

      const read = await phone.send(
        'Sync',
        syncRequest(inbox, keyOf(got), {
          commands: `<Change><ServerId>${itemId}</ServerId><ApplicationData><email:Read>1</email:Read></ApplicationData></Change>`,
        }),
      );
      expect(statusOf(read)).toBe(1);
      expect(findAll(read.tree, 'Responses')).toHaveLength(0);
      // The device's own change is not echoed back to it.
      expect(serverIds(read, 'Change')).not.toContain(itemId);

      const seen = await syncUntil(
        tablet,
        inbox,
        keyOf(tabletFirst),
        (a) =>
          [...commandsOf(a, 'Add'), ...commandsOf(a, 'Change')].some(
            (c) => textOf(c, 'ServerId') === itemId && textOf(c, 'Read') === '1',
          ),
        { windowSize: 512 },
      );
      const entry = [...commandsOf(seen, 'Add'), ...commandsOf(seen, 'Change')].find(
        (c) => textOf(c, 'ServerId') === itemId,
      );
      expect(textOf(entry, 'Read')).toBe('1');
    },
  );

  it('sends a lost answer again, refuses a stale key with 3, pages by WindowSize', async () => {
    const phone = device(PAT, 'PagerDev');
    const inbox = await folderOf(phone, 2);
    await deliver(PAT.user, 'Paging', false, 5);
    await delivered(PAT, numbered('Paging', 5));
    const primed = await phone.send('Sync', syncRequest(inbox, '0'));
    let key = keyOf(primed);
    const seen: string[] = [];
    let pages = 0;
    for (;;) {
      const page = await phone.send('Sync', syncRequest(inbox, key, { windowSize: 3 }));
      expect(statusOf(page)).toBe(1);
      expect(commandsOf(page, 'Add').length).toBeLessThanOrEqual(3);
      seen.push(...serverIds(page));
      pages++;
      if (pages === 1) {
        // The answer is lost: the same key again gets the same items.
        const again = await phone.send('Sync', syncRequest(inbox, key, { windowSize: 3 }));
        expect(serverIds(again)).toEqual(serverIds(page));
        expect(keyOf(again)).toBe(keyOf(page));
        expect(findAll(page.tree, 'MoreAvailable')).toHaveLength(1);
      }
      key = keyOf(page);
      if (findAll(page.tree, 'MoreAvailable').length === 0) break;
    }
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(5);

    const stale = await phone.send('Sync', syncRequest(inbox, '1'));
    expect(statusOf(stale)).toBe(3);
    const bogus = await phone.send('Sync', syncRequest(inbox, '99999'));
    expect(statusOf(bogus)).toBe(3);
  });

  it("keeps the bodies a device's last request chose when a later Sync leaves its Options out", async () => {
    const phone = device(KIM, 'HtmlDev');
    const inbox = await folderOf(phone, 2);
    const html =
      '<Options><airsyncbase:BodyPreference><airsyncbase:Type>2</airsyncbase:Type>' +
      '</airsyncbase:BodyPreference></Options>';
    const primed = await phone.send('Sync', syncRequest(inbox, '0'));
    const first = await phone.send('Sync', syncRequest(inbox, keyOf(primed), { options: html }));
    await deliver(KIM.user, 'Rich news', false);
    // The mail comes with the state the Sync reads; its body is still the HTML asked before.
    const news = await syncUntil(phone, inbox, keyOf(first), (a) => serverIds(a).length > 0);
    const [add] = commandsOf(news, 'Add');
    expect(textOf(add, 'Subject')).toBe('Rich news');
    expect(textOf(findAll(add, 'Body')[0], 'Type')).toBe('2');
  });

  it('moves a deleted item to Deleted Items, which shows it', async () => {
    const phone = device(PAT, 'DeleterDev');
    const inbox = await folderOf(phone, 2);
    const trash = await folderOf(phone, 4);
    await deliver(PAT.user, 'Delete me', false);
    const primed = await phone.send('Sync', syncRequest(inbox, '0'));
    const trashPrimed = await phone.send('Sync', syncRequest(trash, '0'));
    const got = await syncUntil(
      phone,
      inbox,
      keyOf(primed),
      (a) => commandsOf(a, 'Add').some((add) => textOf(add, 'Subject') === 'Delete me'),
      { windowSize: 512 },
    );
    const itemId = commandsOf(got, 'Add')
      .filter((add) => textOf(add, 'Subject') === 'Delete me')
      .map((add) => textOf(add, 'ServerId')!)[0];
    const deleted = await phone.send(
      'Sync',
      syncRequest(inbox, keyOf(got), {
        commands: `<Delete><ServerId>${itemId}</ServerId></Delete>`,
      }),
    );
    expect(statusOf(deleted)).toBe(1);
    expect(findAll(deleted.tree, 'Responses')).toHaveLength(0);
    const inTrash = await syncUntil(
      phone,
      trash,
      keyOf(trashPrimed),
      (a) => serverIds(a).includes(itemId),
      { windowSize: 512 },
    );
    expect(serverIds(inTrash)).toContain(itemId);
    // Deleting it again in the Inbox: not found there any more.
    const again = await phone.send(
      'Sync',
      syncRequest(inbox, keyOf(deleted), {
        commands: `<Delete><ServerId>00000000-0000-4000-8000-000000000000</ServerId></Delete>`,
      }),
    );
    expect(textOf(findAll(again.tree, 'Responses')[0], 'Status')).toBe('8');
  });

  it('hides attachments under a policy that disables them', async () => {
    await stack.mailctlJson(
      ['policy', 'add', 'NoAttachments', '--set', 'AttachmentsEnabled=0'],
      ADMIN,
    );
    await stack.mailctlJson(['policy', 'assign', 'NoAttachments', '--mailbox', KIM.user], ADMIN);
    const phone = device(KIM, 'KimPhone', '16.1');
    const inbox = await folderOf(phone, 2);
    const primed = await phone.send('Sync', syncRequest(inbox, '0'));
    await deliver(KIM.user, 'With attachment');
    const got = await syncUntil(
      phone,
      inbox,
      keyOf(primed),
      (a) => commandsOf(a, 'Add').some((add) => textOf(add, 'Subject') === 'With attachment'),
      { options: bodyOptions('16.1') },
    );
    const add = commandsOf(got, 'Add').find((a) => textOf(a, 'Subject') === 'With attachment');
    expect(add).toBeDefined();
    expect(findAll(add, 'Attachments')).toHaveLength(0);
    expect(findAll(add, 'FileReference')).toHaveLength(0);
  });

  it('estimates what a Sync would bring, and moves items with MoveItems', async () => {
    const phone = device(PAT, 'MoverDev', '16.1');
    const inbox = await folderOf(phone, 2);
    const sent = await folderOf(phone, 5);
    const estimate = (key: string) =>
      phone.send(
        'GetItemEstimate',
        `<GetItemEstimate xmlns="GetItemEstimate:" xmlns:airsync="AirSync:"><Collections><Collection>` +
          `<airsync:SyncKey>${key}</airsync:SyncKey><CollectionId>${inbox}</CollectionId>` +
          `</Collection></Collections></GetItemEstimate>`,
      );
    expect(textOf((await estimate('0')).tree, 'Status')).toBe('3');
    const primed = await phone.send('Sync', syncRequest(inbox, '0'));
    await deliver(PAT.user, 'Estimate me', false, 2);
    // Delivery is asynchronous: once both messages are in, no mail to Pat is on its way.
    await delivered(PAT, numbered('Estimate me', 2));
    const first = await estimate(keyOf(primed));
    expect(textOf(first.tree, 'Status')).toBe('1');
    const count = Number(textOf(first.tree, 'Estimate'));
    expect(count).toBeGreaterThanOrEqual(2);
    expect(textOf((await estimate('77')).tree, 'Status')).toBe('4');

    const all = await syncUntil(phone, inbox, keyOf(primed), () => true, { windowSize: 512 });
    expect(commandsOf(all, 'Add')).toHaveLength(count);
    expect(textOf((await estimate(keyOf(all))).tree, 'Estimate')).toBe('0');

    const itemId = serverIds(all)[0];
    const move = (src: string, from: string, to: string) =>
      phone.send(
        'MoveItems',
        `<MoveItems xmlns="Move:"><Move><SrcMsgId>${src}</SrcMsgId><SrcFldId>${from}</SrcFldId>` +
          `<DstFldId>${to}</DstFldId></Move></MoveItems>`,
      );
    const moved = await move(itemId, inbox, sent);
    expect(textOf(moved.tree, 'Status')).toBe('3');
    expect(textOf(moved.tree, 'DstMsgId')).toBe(itemId);
    expect(textOf((await move(itemId, inbox, sent)).tree, 'Status')).toBe('1');
    expect(textOf((await move(itemId, sent, 'nowhere')).tree, 'Status')).toBe('2');
    expect(textOf((await move(itemId, sent, sent)).tree, 'Status')).toBe('4');
    // The device's own move is not echoed back to it as a Delete.
    const after = await phone.send('Sync', syncRequest(inbox, keyOf(all)));
    expect(serverIds(after, 'Delete')).not.toContain(itemId);
    expect(statusOf(await phone.send('MoveItems', '<MoveItems xmlns="Move:"/>'))).toBe(5);
  });

  it('answers a Change of an item changed on the server meanwhile with 7 (server wins)', async () => {
    const phone = device(PAT, 'ConflictPhone');
    const tablet = device(PAT, 'ConflictTablet');
    const inbox = await folderOf(phone, 2);
    await folderOf(tablet, 2);
    await deliver(PAT.user, 'Contested', false);
    const found = (a: EasAnswer) =>
      commandsOf(a, 'Add').some((add) => textOf(add, 'Subject') === 'Contested');
    const onPhone = await syncUntil(
      phone,
      inbox,
      keyOf(await phone.send('Sync', syncRequest(inbox, '0'))),
      found,
      { windowSize: 512 },
    );
    const onTablet = await syncUntil(
      tablet,
      inbox,
      keyOf(await tablet.send('Sync', syncRequest(inbox, '0'))),
      found,
      { windowSize: 512 },
    );
    const itemId = commandsOf(onPhone, 'Add')
      .filter((add) => textOf(add, 'Subject') === 'Contested')
      .map((add) => textOf(add, 'ServerId')!)[0];
    const readOn = (who: EasClient, key: string, read: string) =>
      who.send(
        'Sync',
        syncRequest(inbox, key, {
          commands: `<Change><ServerId>${itemId}</ServerId><ApplicationData><email:Read>${read}</email:Read></ApplicationData></Change>`,
        }),
      );
    expect(findAll((await readOn(tablet, keyOf(onTablet), '1')).tree, 'Responses')).toHaveLength(0);
    const conflict = await readOn(phone, keyOf(onPhone), '0');
    const response = findAll(findAll(conflict.tree, 'Responses')[0], 'Change')[0];
    expect(textOf(response, 'Status')).toBe('7');
    // The server's version comes with the same answer.
    const change = commandsOf(conflict, 'Change').find((c) => textOf(c, 'ServerId') === itemId);
    expect(textOf(change, 'Read')).toBe('1');
  });

  it('answers a malformed request with Status 4 and a request without history with 13', async () => {
    const phone = device(PAT, 'BadInputDev');
    const inbox = await folderOf(phone, 2);
    const bad = await phone.send(
      'Sync',
      `<Sync ${NS}><Collections><Collection><SyncKey>1</SyncKey><CollectionId>${inbox}</CollectionId>` +
        `<WindowSize>lots</WindowSize></Collection></Collections></Sync>`,
    );
    expect(bad.status).toBe(200);
    expect(statusOf(bad)).toBe(4);
    const wrongRoot = await phone.send('Sync', folderSync);
    expect(statusOf(wrongRoot)).toBe(4);
    const empty = await phone.send('Sync', null);
    expect(statusOf(empty)).toBe(13);
    const wait = await phone.send('Sync', `<Sync ${NS}><Wait>90</Wait><Partial/></Sync>`);
    expect(statusOf(wait)).toBe(14);
    expect(textOf(wait.tree, 'Limit')).toBe('59');
    // The server keeps serving the device.
    expect(statusOf(await phone.send('Sync', syncRequest(inbox, '0')))).toBe(1);
    // Now an empty request stands for the last full one.
    const repeat = await phone.send('Sync', null);
    expect(statusOf(repeat)).toBe(1);
    expect(textOf(repeat.tree, 'CollectionId')).toBe(inbox);
  });
});
