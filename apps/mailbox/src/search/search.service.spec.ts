import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import type { DeliveryService } from '../delivery/delivery.service';
import type { FoldersService } from '../folders/folders.service';
import type { ItemsService } from '../items/items.service';
import { createMailboxServices } from '../mailbox-services';
import { mailboxStorage } from '../persistence/storage';
import { SearchController } from './search.controller';
import type { SearchService } from './search.service';

const PAT = 'pat@contoso.com';
const LEE = 'lee@contoso.com';
const ALL = { start: 0, end: 99 };

const message = (subject: string, body: string, from = 'Lee Chen <lee@fabrikam.com>') =>
  Buffer.from(
    [
      `From: ${from}`,
      `To: Pat <${PAT}>`,
      'Cc: ops@contoso.com',
      `Subject: ${subject}`,
      '',
      body,
    ].join('\r\n'),
  ).toString('base64');

describe.each(DATABASE_BACKENDS)('mailbox search on %s', (_name, open) => {
  let db: OpenedDatabase;
  let delivery: DeliveryService;
  let items: ItemsService;
  let folders: FoldersService;
  let search: SearchService;
  let controller: SearchController;
  let queue = 0;
  const deliver = (subject: string, body: string, receivedAt: string, recipient = PAT) =>
    delivery.deliver({
      queueId: `q-${queue++}`,
      recipient,
      mime: message(subject, body),
      receivedAt,
    });
  const subjects = async (query: string, extra: object = {}) =>
    (await search.search(PAT, { query, range: ALL, ...extra })).results.map((r) => r.subject);

  beforeEach(async () => {
    db = await open(mailboxStorage);
    const notifier = { folderChanged: async () => undefined };
    ({ delivery, items, folders, search } = createMailboxServices(db.dataSource, notifier, {
      maxMessageBytes: 1 << 20,
    }));
    controller = new SearchController(search);
  });
  afterEach(() => db.close());

  it('finds a word far past the preview, anywhere in the body', async () => {
    await deliver(
      'Long letter',
      `${'Nothing to see here. '.repeat(200)}The albatross arrives at dawn.`,
      '2026-03-01T10:00:00Z',
    );
    expect(await subjects('albatross')).toEqual(['Long letter']);
  });

  it('finds a word in the body, subject, sender or recipients, and only in the caller’s mailbox', async () => {
    const hit = await deliver(
      'Budget',
      'The pelican report is due Friday.',
      '2025-11-01T10:00:00Z',
    );
    await deliver('Other', 'Nothing to see here.', '2025-11-02T10:00:00Z');
    await deliver('Pelican for Lee', 'the pelican', '2025-11-03T10:00:00Z', LEE);

    const found = await search.search(PAT, { query: 'pelican', range: ALL });
    expect(found).toEqual({
      total: 1,
      results: [
        {
          itemId: hit.itemId,
          folderId: hit.folderId,
          rank: expect.any(Number),
          subject: 'Budget',
          from: '"Lee Chen" <lee@fabrikam.com>',
          dateReceived: '2025-11-01T10:00:00.000Z',
        },
      ],
    });
    expect(await subjects('budget')).toEqual(['Budget']);
    expect(await subjects('fabrikam')).toEqual(['Other', 'Budget']);
    expect(await subjects('lee@fabrikam.com')).toHaveLength(2);
    expect(await subjects('ops')).toHaveLength(2);
    expect(await subjects('"report is due"')).toEqual(['Budget']);
    expect(await subjects('pelican -friday')).toEqual([]);
    expect((await search.search(LEE, { query: 'budget', range: ALL })).total).toBe(0);

    await items.delete(PAT, hit.itemId);
    expect(await subjects('pelican')).toEqual([]);
  });

  it('respects folder, date and class filters', async () => {
    const inInbox = await deliver('alpha one', 'x', '2025-11-01T10:00:00Z');
    const moved = await deliver('alpha two', 'x', '2025-11-05T10:00:00Z');
    await deliver('alpha three', 'x', '2025-11-09T10:00:00Z');
    const archive = await folders.create(PAT, null, 'Archive', 12);
    await items.move(PAT, moved.itemId, archive.id);

    expect(await subjects('alpha', { folderIds: [archive.id] })).toEqual(['alpha two']);
    expect(await subjects('alpha', { folderIds: [inInbox.folderId, archive.id] })).toHaveLength(3);
    expect(
      await subjects('alpha', {
        receivedAfter: '2025-11-01T10:00:00Z',
        receivedBefore: '2025-11-09T10:00:00Z',
      }),
    ).toEqual(['alpha two']);
    expect(await subjects('alpha', { receivedAfter: '2025-11-04T00:00:00Z' })).toEqual([
      'alpha three',
      'alpha two',
    ]);
    expect(await subjects('alpha', { classes: ['Email'] })).toHaveLength(3);
    expect(await subjects('alpha', { classes: ['Calendar', 'Contacts'] })).toEqual([]);
  });

  it('narrows to one conversation, with or without words', async () => {
    const first = await deliver('heron plans', 'the heron nests', '2025-11-01T10:00:00Z');
    await deliver('other heron', 'a heron elsewhere', '2025-11-02T10:00:00Z');
    const [{ hex }] = await db.dataSource.query(
      `SELECT encode(conversation_id, 'hex') AS hex FROM mailbox.item WHERE id = $1`,
      [first.itemId],
    );
    expect(await subjects('heron')).toHaveLength(2);
    expect(await subjects('heron', { conversationId: hex })).toEqual(['heron plans']);
    expect(await search.search(PAT, { conversationId: hex, range: ALL }).then((r) => r.total)).toBe(
      1,
    );
    expect(await subjects('nests', { conversationId: 'ab'.repeat(16) })).toEqual([]);
  });

  it('ranks subject matches above body matches, then newest first, and pages', async () => {
    await deliver('weekly notes', 'the kestrel was seen', '2025-11-01T10:00:00Z');
    await deliver('kestrel sighting', 'details inside', '2025-11-02T10:00:00Z');
    for (let day = 3; day <= 7; day++)
      await deliver(`note ${day}`, 'a kestrel again', `2025-11-0${day}T10:00:00Z`);

    const all = await search.search(PAT, { query: 'kestrel', range: ALL });
    expect(all.total).toBe(7);
    expect(all.results.map((r) => r.subject)).toEqual([
      'kestrel sighting',
      'note 7',
      'note 6',
      'note 5',
      'note 4',
      'note 3',
      'weekly notes',
    ]);
    expect(all.results[0].rank).toBeGreaterThan(all.results[1].rank);

    const pages = [];
    for (const start of [0, 3, 6]) {
      const page = await search.search(PAT, { query: 'kestrel', range: { start, end: start + 2 } });
      expect(page.total).toBe(7);
      pages.push(...page.results.map((r) => r.subject));
    }
    expect(pages).toEqual(all.results.map((r) => r.subject));
    expect(await search.search(PAT, { query: 'kestrel', range: { start: 50, end: 59 } })).toEqual({
      total: 7,
      results: [],
    });
  });

  it('refuses bad input naming the field, and ids of another mailbox as not found', async () => {
    await deliver('mine', 'x', '2025-11-01T10:00:00Z');
    const leeInbox = (await deliver('lee', 'x', '2025-11-01T10:00:00Z', LEE)).folderId;
    const refusal = (payload: object) =>
      Promise.resolve({ mailbox: PAT, query: 'x', ...payload })
        .then(controller.query.bind(controller))
        .then(
          () => null,
          (error) => ({ code: error.code, message: error.message }),
        );

    expect(await refusal({ query: '   ' })).toMatchObject({
      code: 'bad-request',
      message: /query/,
    });
    expect(await refusal({ query: 'x'.repeat(257) })).toMatchObject({ message: /query/ });
    expect(await refusal({ query: 'a\u0000b' })).toMatchObject({ message: /query/ });
    expect(await refusal({ range: { start: 0, end: 100 } })).toMatchObject({
      message: /range.end/,
    });
    expect(await refusal({ range: { start: 5, end: 4 } })).toMatchObject({ message: /range.end/ });
    expect(await refusal({ folderIds: ['nope'] })).toMatchObject({ message: /folderIds.0/ });
    expect(await refusal({ classes: ['Fax'] })).toMatchObject({ message: /classes.0/ });
    expect(await refusal({ query: undefined })).toMatchObject({ message: /conversationId/ });
    expect(await refusal({ conversationId: 'xyz' })).toMatchObject({ message: /conversationId/ });
    expect(
      await refusal({
        receivedAfter: '2025-11-02T00:00:00Z',
        receivedBefore: '2025-11-01T00:00:00Z',
      }),
    ).toMatchObject({ message: /receivedAfter/ });
    expect(await refusal({ folderIds: [leeInbox] })).toEqual({
      code: 'not-found',
      message: 'folder not found',
    });
    expect(await refusal({ mailbox: 'nobody@contoso.com' })).toMatchObject({ code: 'not-found' });
    // Text-search syntax is not an error: websearch_to_tsquery reads any input.
    expect(await refusal({ query: '"unclosed & | ! (' })).toBeNull();
  });
});
