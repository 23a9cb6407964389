import { randomUUID } from 'node:crypto';
import { BusError } from '@mail/runtime';
import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import type { ItemReadsService } from '../items/item-reads.service';
import type { ItemsService } from '../items/items.service';
import type { OofService } from '../oof/oof.service';
import { createMailboxServices } from '../mailbox-services';
import { ItemRepository } from '../persistence/item.repository';
import { mailboxStorage } from '../persistence/storage';
import type { DeliveryService } from './delivery.service';
import { parseMessage } from './parse-message';

const PAT = 'pat@contoso.com';
const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const WITH_ATTACHMENT = [
  'From: Lee Chen <lee@fabrikam.com>',
  'To: Pat <pat@contoso.com>',
  'Cc: ops@contoso.com',
  'Subject: RE: Quarterly numbers',
  'Date: Tue, 04 Nov 2025 10:00:00 +0000',
  'Importance: high',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  '--outer',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'The figures are attached.',
  '--outer',
  'Content-Type: application/pdf; name="q3.pdf"',
  'Content-Disposition: attachment; filename="q3.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  b64('%PDF-1.4 quarterly'),
  '--outer',
  'Content-Type: image/png',
  'Content-ID: <logo@fabrikam>',
  'Content-Disposition: inline',
  'Content-Transfer-Encoding: base64',
  '',
  b64('PNGDATA'),
  '--outer--',
  '',
].join('\r\n');

describe.each(DATABASE_BACKENDS)('delivery and the change journal on %s', (_name, open) => {
  let db: OpenedDatabase;
  let delivery: DeliveryService;
  let items: ItemsService;
  let reads: ItemReadsService;
  let oof: OofService;
  let events: Array<{ mailbox: string; folderIds: string[] }>;
  let inbox: string;
  const deliver = (queueId: string, mime: string, recipient = PAT) =>
    delivery.deliver({ queueId, recipient, mime: b64(mime) });

  beforeEach(async () => {
    db = await open(mailboxStorage);
    events = [];
    const notifier = {
      folderChanged: async (mailbox: string, folderIds: string[]) => {
        events.push({ mailbox, folderIds });
      },
    };
    ({ delivery, items, reads, oof } = createMailboxServices(db.dataSource, notifier, {
      maxMessageBytes: 1 << 20,
    }));
  });
  afterEach(() => db.close());

  it('stores the MIME once with parsed properties and addressable attachments', async () => {
    const { itemId, folderId, duplicate } = await deliver('q-1', WITH_ATTACHMENT);
    inbox = folderId;
    expect(duplicate).toBe(false);
    expect(events).toEqual([{ mailbox: PAT, folderIds: [inbox] }]);
    const item = await reads.get(PAT, itemId);
    expect(item).toMatchObject({
      subject: 'RE: Quarterly numbers',
      from: '"Lee Chen" <lee@fabrikam.com>',
      cc: 'ops@contoso.com',
      importance: 2,
      messageClass: 'IPM.Note',
      read: false,
      hasAttachments: true,
      preview: 'The figures are attached.',
      body: { text: 'The figures are attached.' },
      size: Buffer.byteLength(WITH_ATTACHMENT),
    });
    expect(item.conversationIndex).toHaveLength(44);
    expect(item.attachments).toEqual([
      expect.objectContaining({ reference: `${itemId}:0`, fileName: 'q3.pdf', isInline: false }),
      expect.objectContaining({ contentId: 'logo@fabrikam', isInline: true, size: 7 }),
    ]);
    const pdf = await reads.attachment(PAT, `${itemId}:0`);
    expect(Buffer.from(pdf.data, 'base64').toString()).toBe('%PDF-1.4 quarterly');
    const [{ bodies }] = await db.dataSource.query(
      'SELECT count(*)::int AS bodies FROM mailbox.mime_body',
    );
    expect(bodies).toBe(1);
    // The same topic threads into the same conversation, whatever the reply prefix.
    const reply = await deliver('q-2', 'Subject: Quarterly numbers\r\n\r\nthanks');
    expect((await reads.get(PAT, reply.itemId)).conversationId).toBe(item.conversationId);
  });

  it("keeps attachments and items of one mailbox out of another's reach", async () => {
    const { itemId } = await deliver('q-1', WITH_ATTACHMENT);
    await deliver('q-2', 'Subject: mine\r\n\r\nx', 'lee@contoso.com');
    const refusal = await reads.attachment('lee@contoso.com', `${itemId}:0`).catch((e) => e);
    expect(refusal).toBeInstanceOf(BusError);
    expect(refusal.code).toBe('not-found');
    await expect(items.delete('lee@contoso.com', itemId)).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('gives each delivery of a batch its own MIME and attachment bytes', async () => {
    const data = (n: number) => Buffer.alloc(100 + n * 37, n);
    const mime = (n: number) =>
      [
        `Subject: part ${n}`,
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        `body ${n}`,
        '--b',
        'Content-Type: application/octet-stream; name="d.bin"',
        'Content-Disposition: attachment; filename="d.bin"',
        'Content-Transfer-Encoding: base64',
        '',
        data(n).toString('base64'),
        '--b--',
        '',
      ].join('\r\n');
    // Arriving together, all but the first few are written in batches.
    const delivered = await Promise.all(
      Array.from({ length: 40 }, (_, n) => deliver(`q-${n}`, mime(n))),
    );
    for (const [n, { itemId }] of delivered.entries()) {
      const [{ raw }] = await db.dataSource.query(
        'SELECT raw FROM mailbox.mime_body WHERE item_id = $1',
        [itemId],
      );
      expect(Buffer.from(raw).toString()).toBe(mime(n));
      const attachment = await reads.attachment(PAT, `${itemId}:0`);
      expect(Buffer.from(attachment.data, 'base64').equals(data(n))).toBe(true);
      expect((await reads.get(PAT, itemId)).attachments[0].size).toBe(data(n).length);
    }
  });

  it('delivers once per (queue id, recipient), even when retries race', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => deliver('q-7', 'Subject: once\r\n\r\nbody')),
    );
    expect(new Set(results.map((r) => r.itemId)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    const other = await deliver('q-7', 'Subject: once\r\n\r\nbody', 'lee@contoso.com');
    expect(other.duplicate).toBe(false);
    const [{ count }] = await db.dataSource.query(
      'SELECT count(*)::int AS count FROM mailbox.item',
    );
    expect(count).toBe(2);
    expect(events).toHaveLength(2);
  });

  it('says whether the recipient is out of office, alone, in a batch and never for a repeat', async () => {
    const LEE = 'lee@contoso.com';
    expect((await deliver('q-0', 'Subject: before\r\n\r\nx')).outOfOffice).toBe(false);
    await oof.set(PAT, { state: 1, messages: {} });
    expect((await deliver('q-1', 'Subject: alone\r\n\r\nx')).outOfOffice).toBe(true);
    // Arriving together, these are written in batches: each answer is its recipient's own.
    const together = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        deliver(`q-${i + 2}`, `Subject: ${i}\r\n\r\nx`, i % 2 ? LEE : PAT),
      ),
    );
    expect(together.map((r) => r.outOfOffice)).toEqual(
      Array.from({ length: 12 }, (_, i) => i % 2 === 0),
    );
    const repeat = await deliver('q-1', 'Subject: alone\r\n\r\nx');
    expect(repeat).toMatchObject({ duplicate: true, outOfOffice: false });
    // A time-based absence counts only inside its window.
    const hour = 3600_000;
    await oof.set(PAT, {
      state: 2,
      startTime: new Date(Date.now() + hour).toISOString(),
      endTime: new Date(Date.now() + 2 * hour).toISOString(),
      messages: {},
    });
    expect((await deliver('q-20', 'Subject: later\r\n\r\nx')).outOfOffice).toBe(false);
  });

  it('journals every change in order, windowed, with tombstones and moves in both folders', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await deliver(`q-${i}`, `Subject: ${i}\r\n\r\nbody ${i}`);
      ids.push(r.itemId);
      inbox = r.folderId;
    }
    await items.update(PAT, ids[0], {
      read: true,
      flag: { status: 2, dueDate: '2025-12-01T00:00:00Z' },
    });
    await items.update(PAT, ids[1], { categories: ['Blue', 'Red'] });
    await items.delete(PAT, ids[2]);
    const junk = (
      await db.dataSource.query("SELECT id FROM mailbox.folder WHERE display_name = 'Junk Email'")
    )[0].id;
    await items.move(PAT, ids[3], junk);

    const first = await reads.changes(PAT, inbox, { after: 5, window: 3 });
    expect(first).toEqual({
      changes: [
        { changeNumber: 6, itemId: ids[5], kind: 'add', origin: null },
        { changeNumber: 7, itemId: ids[6], kind: 'add', origin: null },
        { changeNumber: 8, itemId: ids[0], kind: 'change', origin: null },
      ],
      latest: 11,
      remaining: 3,
    });
    const rest = await reads.changes(PAT, inbox, { after: 8, window: 512 });
    expect(rest.changes).toEqual([
      { changeNumber: 9, itemId: ids[1], kind: 'change', origin: null },
      { changeNumber: 10, itemId: ids[2], kind: 'delete', origin: null },
      { changeNumber: 11, itemId: ids[3], kind: 'move-out', origin: null },
    ]);
    expect(rest.remaining).toBe(0);
    expect((await reads.changes(PAT, junk, { after: 0, window: 10 })).changes).toEqual([
      { changeNumber: 1, itemId: ids[3], kind: 'move-in', origin: null },
    ]);
    expect(events.at(-1)!.folderIds.sort()).toEqual([inbox, junk].sort());
    const flagged = await reads.get(PAT, ids[0]);
    expect(flagged).toMatchObject({
      read: true,
      flag: { status: 2, dueDate: '2025-12-01T00:00:00.000Z' },
    });
    expect((await reads.get(PAT, ids[1])).categories).toEqual(['Blue', 'Red']);
    await expect(reads.get(PAT, ids[2])).rejects.toMatchObject({ code: 'not-found' });
  });

  it('refuses a message over the default 50 MB limit before parsing it', async () => {
    const { delivery: defaults } = createMailboxServices(db.dataSource, {
      folderChanged: async () => undefined,
    });
    const mime = Buffer.alloc(50 * 1024 * 1024 + 1, 'a').toString('base64');
    await expect(defaults.deliver({ queueId: 'huge', recipient: PAT, mime })).rejects.toMatchObject(
      {
        code: 'bad-request',
        message: 'message too large',
      },
    );
  });

  it('refuses a message over the size limit, storing nothing', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 'a');
    await expect(
      delivery.deliver({ queueId: 'big', recipient: PAT, mime: big.toString('base64') }),
    ).rejects.toMatchObject({ code: 'bad-request', message: 'message too large' });
    const [{ count }] = await db.dataSource.query(
      'SELECT count(*)::int AS count FROM mailbox.item',
    );
    expect(count).toBe(0);
  });
  it('refuses a delivery into a mailbox that is gone as not found, storing nothing', async () => {
    const raw = Buffer.from('Subject: lost\r\n\r\nx');
    const entry = {
      itemId: randomUUID(),
      queueId: 'q-gone',
      recipient: 'gone@contoso.com',
      mailboxId: randomUUID(),
      folderId: randomUUID(),
      raw,
      parsed: await parseMessage(raw, new Date()),
      receivedAt: new Date(),
    };
    await expect(new ItemRepository(db.dataSource).deliverBatch([entry])).rejects.toMatchObject({
      code: 'not-found',
    });
    const [{ count }] = await db.dataSource.query(
      'SELECT count(*)::int AS count FROM mailbox.delivery',
    );
    expect(count).toBe(0);
  });
});

describe('delivery beside transactions that reference the mailbox, on PostgreSQL', () => {
  it('is not held up by a foreign-key lock on the mailbox or its Inbox', async () => {
    const [, open] = DATABASE_BACKENDS.find(([name]) => name === 'PostgreSQL')!;
    const db = await open(mailboxStorage);
    const services = createMailboxServices(db.dataSource, { folderChanged: async () => undefined });
    await services.indexer.beforeApplicationShutdown();
    const first = await services.delivery.deliver({
      queueId: 'q-1',
      recipient: PAT,
      mime: b64('Subject: one\r\n\r\nx'),
    });
    // What the search indexer's documents and a device's item changes hold until they commit.
    const referencing = db.dataSource.createQueryRunner();
    try {
      await referencing.startTransaction();
      await referencing.query(
        `SELECT 1 FROM mailbox.mailbox m JOIN mailbox.folder f ON f.mailbox_id = m.id
          WHERE f.id = $1 FOR KEY SHARE`,
        [first.folderId],
      );
      const second = services.delivery.deliver({
        queueId: 'q-2',
        recipient: PAT,
        mime: b64('Subject: two\r\n\r\nx'),
      });
      const waited = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 2000));
      expect(await Promise.race([second.then(() => 'stored'), waited])).toBe('stored');
      await referencing.commitTransaction();
    } finally {
      await referencing.release();
      await services.indexer.beforeApplicationShutdown();
      await db.close();
    }
  });
});
