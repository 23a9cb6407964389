import { FOLDER_TYPE } from '@mail/contracts';
import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import { createMailboxServices, type MailboxServices } from '../mailbox-services';
import { mailboxStorage } from '../persistence/storage';
import { SearchRepository } from './persistence/search.repository';
import { SearchIndexer } from './search-indexer';

const PAT = 'pat@contoso.com';
const ALL = { start: 0, end: 99 };
const silent = { warn: () => undefined };

const message = (subject: string, body: string) =>
  Buffer.from(
    [`From: lee@fabrikam.com`, `To: ${PAT}`, `Subject: ${subject}`, '', body].join('\r\n'),
  ).toString('base64');

describe.each(DATABASE_BACKENDS)('search documents built after the commit on %s', (_name, open) => {
  let db: OpenedDatabase;
  let services: MailboxServices;
  let queue = 0;
  const deliver = (subject: string, body = 'nothing much') =>
    services.delivery.deliver({
      queueId: `q-${queue++}`,
      recipient: PAT,
      mime: message(subject, body),
    });
  const total = async (query: string) =>
    (await services.search.search(PAT, { query, range: ALL })).total;
  const count = async (table: string) =>
    (await db.dataSource.query(`SELECT count(*)::int AS n FROM mailbox.${table}`))[0].n;

  beforeEach(async () => {
    db = await open(mailboxStorage);
    services = createMailboxServices(
      db.dataSource,
      { folderChanged: async () => undefined },
      { logger: silent as never },
    );
    await services.mailboxes.ensure(PAT);
  });
  afterEach(async () => {
    await services.indexer.beforeApplicationShutdown();
    await db.close();
  });

  it('leaves the document out of the delivery, and builds it in the background', async () => {
    await services.indexer.beforeApplicationShutdown();
    await deliver('osprey one');
    await deliver('osprey two', 'the osprey dives');
    // The delivery committed the items and their place in the queue, not their documents.
    expect([await count('item_search'), await count('item_search_pending')]).toEqual([0, 2]);

    const restarted = new SearchIndexer(new SearchRepository(db.dataSource), silent);
    restarted.onApplicationBootstrap();
    await restarted.idle();
    expect([await count('item_search'), await count('item_search_pending')]).toEqual([2, 0]);

    await deliver('osprey three');
    await services.indexer.idle();
    expect(await count('item_search_pending')).toBe(1); // this one's indexer was stopped
    services = createMailboxServices(db.dataSource, { folderChanged: async () => undefined });
    await deliver('osprey four');
    await services.indexer.idle();
    expect([await count('item_search'), await count('item_search_pending')]).toEqual([4, 0]);
    expect(await total('osprey')).toBe(4);
  });

  it('finds what was committed before the search began, with no indexer running', async () => {
    await services.indexer.beforeApplicationShutdown();
    await deliver('heron', 'a heron in the reeds');
    expect(await total('reeds')).toBe(1);
    expect(await count('item_search_pending')).toBe(0);
  });

  it('indexes a changed item again: the new words are found, the old ones not', async () => {
    const { id: notes } = (await services.folders.list(PAT)).folders.find(
      (f) => f.type === FOLDER_TYPE.notes,
    )!;
    const note = (subject: string) => ({
      class: 'Notes' as const,
      properties: { Subject: subject, Body: { Type: 1 as const, Data: 'tail numbers' } },
    });
    const { itemId } = await services.items.create(PAT, { folderId: notes, item: note('puffin') });
    await services.indexer.idle();
    expect(await total('puffin')).toBe(1);

    await services.items.change(PAT, itemId, { item: note('gannet') });
    expect([await total('puffin'), await total('gannet')]).toEqual([0, 1]);
  });

  it('answers each search with every delivery answered before it, while the indexer races it', async () => {
    const missed: string[] = [];
    await Promise.all(
      Array.from({ length: 40 }, async (_, n) => {
        const word = `tern${n}x`;
        await deliver(`about ${word}`);
        if ((await total(word)) !== 1) missed.push(word);
      }),
    );
    expect(missed).toEqual([]);
    await services.indexer.idle();
    expect([await count('item_search'), await count('item_search_pending')]).toEqual([40, 0]);
  });

  it('drops the queued entry of an item deleted before it was indexed', async () => {
    await services.indexer.beforeApplicationShutdown();
    const { itemId } = await deliver('skua');
    await services.items.delete(PAT, itemId, undefined);
    const restarted = new SearchIndexer(new SearchRepository(db.dataSource), silent);
    restarted.onApplicationBootstrap();
    await restarted.idle();
    expect(await count('item_search_pending')).toBe(0);
    expect(await total('skua')).toBe(0);
  });

  it('stops without a word once its database is closed, and retries while it is only away', async () => {
    const warnings: string[] = [];
    const logger = { warn: (...args: unknown[]) => void warnings.push(String(args[1])) };
    let open = true;
    let calls = 0;
    const repository = {
      get open() {
        return open;
      },
      index: async () => {
        calls++;
        throw new Error('connection refused');
      },
    };
    const limits = { searchIndexBatch: 256, searchIndexDelayMs: 1, searchIndexRetryMs: 20 };
    const away = new SearchIndexer(repository, logger, limits);
    away.written();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(warnings.length).toBe(calls);

    open = false;
    await away.idle();
    const [callsThen, warningsThen] = [calls, warnings.length];
    away.written();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect([calls, warnings.length]).toEqual([callsThen, warningsThen]);
  });
});

describe('search documents of items deleted meanwhile, on PostgreSQL', () => {
  it('skips an item whose delete commits while the indexer reads it, without an error', async () => {
    const [, open] = DATABASE_BACKENDS.find(([name]) => name === 'PostgreSQL')!;
    const db = await open(mailboxStorage);
    const services = createMailboxServices(
      db.dataSource,
      { folderChanged: async () => undefined },
      { logger: silent as never },
    );
    await services.indexer.beforeApplicationShutdown();
    const kept = await services.delivery.deliver({
      queueId: 'q-kept',
      recipient: PAT,
      mime: message('osprey kept', 'x'),
    });
    const gone = await services.delivery.deliver({
      queueId: 'q-gone',
      recipient: PAT,
      mime: message('osprey gone', 'x'),
    });
    const deleting = db.dataSource.createQueryRunner();
    try {
      await deleting.startTransaction();
      await deleting.query('DELETE FROM mailbox.item WHERE id = $1', [gone.itemId]);
      // The indexer waits for the delete (both items are queued), which commits meanwhile.
      const indexed = db.dataSource.query('SELECT mailbox.item_search_index(NULL, NULL) AS n');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await deleting.commitTransaction();
      expect((await indexed)[0].n).toBe(2);
      const documents = await db.dataSource.query('SELECT item_id FROM mailbox.item_search');
      expect(documents).toEqual([{ item_id: kept.itemId }]);
    } finally {
      await deleting.release();
      await db.close();
    }
  });
});
