/**
 * The reads EAS is built on, through the bus handlers: a batch fetch with a selector, a
 * folder's items newest first inside a filter window paged by cursor, attachment ranges and
 * the change query's origin and estimate.
 */
import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import type { Folder } from '@mail/contracts';
import { createMailboxServices, type MailboxServices } from '../mailbox-services';
import { mailboxStorage } from '../persistence/storage';
import { ItemReadsController } from './item-reads.controller';
import { ItemsController } from './items.controller';

const PAT = 'pat@contoso.com';
const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const HTML_MAIL = [
  'From: Lee Chen <lee@fabrikam.com>',
  'To: Pat Lee <pat@contoso.com>, ops@contoso.com',
  'Reply-To: desk@fabrikam.com',
  'Subject: RE: Flight plan',
  'Content-Type: multipart/mixed; boundary="m"',
  '',
  '--m',
  'Content-Type: multipart/alternative; boundary="a"',
  '',
  '--a',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Grüße: wheels up at 09:00',
  '--a',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Grüße: <b>wheels up</b> at 09:00</p>',
  '--a--',
  '--m',
  'Content-Type: application/octet-stream; name="plan.bin"',
  'Content-Disposition: attachment; filename="plan.bin"',
  'Content-Transfer-Encoding: base64',
  '',
  b64(Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256))),
  '--m',
  'Content-Type: message/rfc822',
  '',
  'Subject: forwarded',
  '',
  'inner',
  '--m--',
  '',
].join('\r\n');

describe.each(DATABASE_BACKENDS)('item reads on %s', (_name, open) => {
  let db: OpenedDatabase;
  let services: MailboxServices;
  let reads: ItemReadsController;
  let writes: ItemsController;
  let folderOf: (name: string) => Folder;
  let queue = 0;
  const deliver = (mime: string, receivedAt?: string) =>
    services.delivery.deliver({
      queueId: `q${queue++}`,
      recipient: PAT,
      mime: b64(mime),
      receivedAt,
    });

  beforeEach(async () => {
    db = await open(mailboxStorage);
    services = createMailboxServices(db.dataSource, { folderChanged: async () => undefined });
    reads = new ItemReadsController(services.reads);
    writes = new ItemsController(services.items);
    const { folders } = await services.folders.list(PAT);
    folderOf = (name) => folders.find((f) => f.displayName === name)!;
  });
  afterEach(() => db.close());

  it('fetches headers, a body of the type asked for, truncated on a character, and attachments', async () => {
    const { itemId } = await deliver(HTML_MAIL);
    const fetch = (select: object) => reads.fetch({ mailbox: PAT, itemIds: [itemId], select });
    const [headersOnly] = (await fetch({})).items;
    expect(headersOnly).toMatchObject({
      itemId,
      class: 'Email',
      changeNumber: 1,
      read: false,
      headers: {
        subject: 'RE: Flight plan',
        threadTopic: 'Flight plan',
        replyTo: 'desk@fabrikam.com',
        displayTo: 'Pat Lee; ops@contoso.com',
        hasAttachments: true,
      },
    });
    expect(headersOnly).not.toHaveProperty('body');
    expect(headersOnly).not.toHaveProperty('attachments');

    const [html] = (await fetch({ properties: false, body: { type: 'html' } })).items;
    expect(html.headers).toBeUndefined();
    expect(html.body).toEqual({
      type: 'html',
      data: '<p>Grüße: <b>wheels up</b> at 09:00</p>',
      truncated: false,
      size: Buffer.byteLength('<p>Grüße: <b>wheels up</b> at 09:00</p>'),
    });
    // "Grü" is 4 bytes; a cut after 3 would split the ü, so 2 bytes come back.
    const [cut] = (await fetch({ body: { type: 'text', truncateBytes: 3 } })).items;
    expect(cut.body).toMatchObject({ type: 'text', data: 'Gr', truncated: true });
    const [mime] = (await fetch({ body: { type: 'mime', truncateBytes: 100 } })).items;
    expect(Buffer.from(mime.body!.data, 'base64').toString()).toBe(HTML_MAIL.slice(0, 100));
    expect(mime.body).toMatchObject({ truncated: true, size: Buffer.byteLength(HTML_MAIL) });

    const [withAttachments] = (await fetch({ attachments: true })).items;
    expect(withAttachments.attachments).toEqual([
      expect.objectContaining({
        reference: `${itemId}:0`,
        fileName: 'plan.bin',
        size: 1000,
        method: 1,
      }),
      expect.objectContaining({
        reference: `${itemId}:1`,
        contentType: 'message/rfc822',
        method: 5,
      }),
    ]);
  });

  it('answers a plain-text email asked for as HTML, reports missing ids and defers past the budget', async () => {
    const plain = await deliver('Subject: plain\r\n\r\nline one\r\n<two> & three');
    const [asHtml] = (
      await reads.fetch({
        mailbox: PAT,
        itemIds: [plain.itemId],
        select: { body: { type: 'html' } },
      })
    ).items;
    expect(asHtml.body!.data).toContain('line one<br>&lt;two&gt; &amp; three');

    const big = await deliver(`Subject: big\r\n\r\n${'x'.repeat(3000)}`);
    const { reads: budgeted } = createMailboxServices(
      db.dataSource,
      { folderChanged: async () => undefined },
      { maxFetchBodyBytes: 2000 },
    );
    const tight = new ItemReadsController(budgeted);
    const gone = '0b8f7c55-2d3e-4f4a-9b1c-6d5e4f3a2b1c';
    const reply = await tight.fetch({
      mailbox: PAT,
      itemIds: [plain.itemId, gone, big.itemId, plain.itemId],
      select: { properties: false, body: { type: 'text' } },
    });
    expect(reply.items.map((i) => i.itemId)).toEqual([plain.itemId]);
    expect(reply.missing).toEqual([gone]);
    expect(reply.deferred).toEqual([big.itemId]);
  });

  it('fetches 512 headers at once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 512; i++)
      ids.push((await deliver(`Subject: n${i}\r\n\r\nbody ${i}`)).itemId);
    const reply = await reads.fetch({ mailbox: PAT, itemIds: ids });
    expect(reply.items.map((i) => i.headers!.subject)).toEqual(ids.map((_, i) => `n${i}`));
  });

  it('lists a folder newest first inside a window, by cursor, with a count', async () => {
    const days = [1, 2, 3, 4, 5, 6, 7];
    const ids = new Map<number, string>();
    for (const day of days)
      ids.set(
        day,
        (await deliver(`Subject: d${day}\r\n\r\nx`, `2025-11-0${day}T10:00:00Z`)).itemId,
      );
    const inbox = folderOf('Inbox').id;
    const list = (extra: object) =>
      reads.list({ mailbox: PAT, folderId: inbox, limit: 3, ...extra });
    const first = await list({ since: '2025-11-02T10:00:00Z', count: true });
    expect(first).toMatchObject({ total: 6, changeNumber: 7 });
    expect(first.items.map((i) => i.itemId)).toEqual([7, 6, 5].map((d) => ids.get(d)));
    expect(first.items[0]).toEqual({
      itemId: ids.get(7),
      class: 'Email',
      changeNumber: 7,
      date: '2025-11-07T10:00:00.000Z',
    });
    const second = await list({ since: '2025-11-02T10:00:00Z', cursor: first.nextCursor });
    expect(second.items.map((i) => i.itemId)).toEqual([4, 3, 2].map((d) => ids.get(d)));
    expect(second).not.toHaveProperty('total');
    const third = await list({ since: '2025-11-02T10:00:00Z', cursor: second.nextCursor });
    expect(third).toMatchObject({ items: [], nextCursor: null });
    // What left a window that moved from the 2nd to the 5th: SoftDelete these.
    const left = await list({ since: '2025-11-02T10:00:00Z', before: '2025-11-05T00:00:00Z' });
    expect(left.items.map((i) => i.itemId)).toEqual([4, 3, 2].map((d) => ids.get(d)));
    // Paged, the nearer of `before` and the cursor bounds each page.
    const earlier = (cursor?: string | null) =>
      reads.list({
        mailbox: PAT,
        folderId: inbox,
        limit: 2,
        before: '2025-11-05T00:00:00Z',
        cursor,
      });
    const leftFirst = await earlier();
    expect(leftFirst.items.map((i) => i.itemId)).toEqual([4, 3].map((d) => ids.get(d)));
    const leftNext = await earlier(leftFirst.nextCursor);
    expect(leftNext.items.map((i) => i.itemId)).toEqual([2, 1].map((d) => ids.get(d)));
    expect((await earlier(leftNext.nextCursor)).items).toEqual([]);
    await expect(
      Promise.resolve().then(() => list({ cursor: 'bm90IGEgY3Vyc29y' })),
    ).rejects.toMatchObject({ code: 'bad-request', message: /cursor/ });
  });

  it('lists a page with the headers a fetch gives, in one read', async () => {
    for (let day = 1; day <= 3; day++)
      await deliver(`Subject: p${day}\r\n\r\nbody ${day}`, `2025-11-0${day}T10:00:00Z`);
    const inbox = folderOf('Inbox').id;
    const page = await reads.list({ mailbox: PAT, folderId: inbox, limit: 3, properties: true });
    expect(page.items.map((i) => i.headers?.subject)).toEqual(['p3', 'p2', 'p1']);
    const fetched = await reads.fetch({ mailbox: PAT, itemIds: page.items.map((i) => i.itemId) });
    expect(page.items.map((i) => i.headers)).toEqual(fetched.items.map((i) => i.headers));
    const plain = await reads.list({ mailbox: PAT, folderId: inbox, limit: 3 });
    expect(plain.items[0]).not.toHaveProperty('headers');

    const tasks = folderOf('Tasks').id;
    await writes.create({
      mailbox: PAT,
      folderId: tasks,
      class: 'Tasks',
      properties: { Subject: 'file taxes' },
    });
    const [task] = (await reads.list({ mailbox: PAT, folderId: tasks, limit: 1, properties: true }))
      .items;
    expect(task.properties).toMatchObject({ Subject: 'file taxes' });
    expect(task).not.toHaveProperty('headers');
  });

  it('filters calendar items by their last end and tasks by due date or completion', async () => {
    const calendar = folderOf('Calendar').id;
    const tasks = folderOf('Tasks').id;
    const make = (folderId: string, cls: string, properties: object) =>
      writes.create({ mailbox: PAT, folderId, class: cls, properties });
    const once = await make(calendar, 'Calendar', {
      StartTime: '2025-10-01T10:00:00Z',
      EndTime: '2025-10-01T11:00:00Z',
    });
    const weekly = await make(calendar, 'Calendar', {
      StartTime: '2025-09-01T10:00:00Z',
      EndTime: '2025-09-01T11:00:00Z',
      Recurrence: { Type: 1, DayOfWeek: 2, Until: '2025-11-24T10:00:00Z' },
    });
    const forever = await make(calendar, 'Calendar', {
      StartTime: '2025-01-01T10:00:00Z',
      EndTime: '2025-01-01T11:00:00Z',
      Recurrence: { Type: 5, DayOfMonth: 1, MonthOfYear: 1 },
    });
    const ids = async (folderId: string, extra: object) =>
      (await reads.list({ mailbox: PAT, folderId, limit: 10, ...extra })).items.map(
        (i) => i.itemId,
      );
    expect(await ids(calendar, { since: '2025-11-01T00:00:00Z' })).toEqual([
      forever.itemId,
      weekly.itemId,
    ]);
    expect(await ids(calendar, {})).toEqual([forever.itemId, weekly.itemId, once.itemId]);
    // Page by page, from an item always inside the window (filter date infinity) on.
    const paged: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await reads.list({ mailbox: PAT, folderId: calendar, limit: 1, cursor });
      paged.push(...page.items.map((i) => i.itemId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual([forever.itemId, weekly.itemId, once.itemId]);

    const due = await make(tasks, 'Tasks', { Subject: 'due', UtcDueDate: '2025-11-10T00:00:00Z' });
    const someday = await make(tasks, 'Tasks', { Subject: 'someday' });
    await make(tasks, 'Tasks', {
      Subject: 'done',
      UtcDueDate: '2025-11-20T00:00:00Z',
      Complete: 1,
      DateCompleted: '2025-11-01T00:00:00Z',
    });
    expect(await ids(tasks, { incompleteOnly: true })).toEqual([someday.itemId, due.itemId]);
    expect(
      (await reads.list({ mailbox: PAT, folderId: tasks, limit: 10 })).items[0].date,
    ).toBeNull();
  });

  it('reads an attachment in byte ranges with its total size', async () => {
    const { itemId } = await deliver(HTML_MAIL);
    const whole = await reads.attachment({ mailbox: PAT, reference: `${itemId}:0` });
    expect(whole).toMatchObject({ offset: 0, size: 1000, fileName: 'plan.bin' });
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < 1000; offset += 300) {
      const part = await reads.attachment({
        mailbox: PAT,
        reference: `${itemId}:0`,
        offset,
        length: 300,
      });
      expect(part.size).toBe(1000);
      chunks.push(Buffer.from(part.data, 'base64'));
    }
    expect(chunks.map((c) => c.length)).toEqual([300, 300, 300, 100]);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(whole.data, 'base64'));
    await expect(
      reads.attachment({ mailbox: PAT, reference: `${itemId}:0`, offset: 1001 }),
    ).rejects.toMatchObject({ code: 'bad-request' });
  });

  it("lists a conversation's emails wherever they are, and nothing of another mailbox", async () => {
    const first = await deliver('Subject: Budget\r\n\r\nx');
    const reply = await deliver('Subject: RE: Budget\r\n\r\ny');
    await deliver('Subject: Other\r\n\r\nz');
    const [item] = (await reads.fetch({ mailbox: PAT, itemIds: [first.itemId] })).items;
    const conversationId = item.headers!.conversationId;
    const { items } = await reads.conversation({ mailbox: PAT, conversationId });
    expect(items.map((i) => i.itemId).sort()).toEqual([first.itemId, reply.itemId].sort());
    await services.folders.list('kim@contoso.com');
    const other = await reads.conversation({ mailbox: 'kim@contoso.com', conversationId });
    expect(other.items).toEqual([]);
  });

  it('gives each change its origin, and estimates the items changed by others', async () => {
    const a = await deliver('Subject: a\r\n\r\nx');
    const b = await deliver('Subject: b\r\n\r\nx');
    await writes.update({ mailbox: PAT, itemId: a.itemId, read: true, origin: 'PhoneA' });
    await writes.update({ mailbox: PAT, itemId: a.itemId, read: false, origin: 'PhoneA' });
    await writes.update({ mailbox: PAT, itemId: b.itemId, read: true, origin: 'PhoneB' });
    const inbox = folderOf('Inbox').id;
    const estimate = (after: number, excludeOrigin?: string) =>
      reads.changes({
        mailbox: PAT,
        folderId: inbox,
        after,
        window: 0,
        estimate: true,
        excludeOrigin,
      });
    expect(await estimate(2, 'PhoneA')).toEqual({
      changes: [],
      latest: 5,
      remaining: 3,
      estimate: 1,
    });
    expect((await estimate(2, 'PhoneB')).estimate).toBe(1);
    expect((await estimate(0)).estimate).toBe(2);
    const window = await reads.changes({ mailbox: PAT, folderId: inbox, after: 2, window: 2 });
    expect(window.changes.map((c) => c.origin)).toEqual(['PhoneA', 'PhoneA']);
    expect(window).not.toHaveProperty('estimate');
  });

  it('refuses changes after the latest number, and a folder of another mailbox', async () => {
    await deliver('Subject: a\r\n\r\nx');
    const inbox = folderOf('Inbox').id;
    expect(await reads.changes({ mailbox: PAT, folderId: inbox, after: 1, window: 10 })).toEqual({
      changes: [],
      latest: 1,
      remaining: 0,
    });
    await expect(
      reads.changes({ mailbox: PAT, folderId: inbox, after: 2, window: 10 }),
    ).rejects.toMatchObject({ code: 'bad-request', message: /latest change number is 1/ });
    await services.mailboxes.ensure('lee@contoso.com');
    await expect(
      reads.changes({ mailbox: 'lee@contoso.com', folderId: inbox, after: 0, window: 10 }),
    ).rejects.toMatchObject({ code: 'not-found' });
  });
});
