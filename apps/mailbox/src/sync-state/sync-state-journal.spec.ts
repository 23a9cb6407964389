/**
 * The sync state's questions about the journal, through the bus handlers: the one a Ping asks
 * before it waits (MS-ASCMD 3.1.5.8), which watched collections journaled a change, by anyone
 * but the device, after the last SyncKey the device was given; and the journal a Sync reads
 * with its state.
 */
import { SYNC_PREFETCH_ITEMS, SYNC_STATE_LIMITS } from '@mail/contracts';
import { BusError } from '@mail/runtime';
import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import { createMailboxServices, type MailboxServices } from '../mailbox-services';
import { mailboxStorage } from '../persistence/storage';
import { SyncStateController } from './sync-state.controller';

const PAT = 'pat@contoso.com';
const PHONE = 'ApplF4KX1234';
const TABLET = 'SEC1TABLET';
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe.each(DATABASE_BACKENDS)('the journal against sync state on %s', (_name, open) => {
  let db: OpenedDatabase;
  let services: MailboxServices;
  let controller: SyncStateController;
  let inbox: string;
  let sent: string;
  let drafts: string;
  let queue = 0;
  const deliver = async (subject: string) =>
    (
      await services.delivery.deliver({
        queueId: `q${queue++}`,
        recipient: PAT,
        mime: b64(`Subject: ${subject}\r\n\r\nx`),
      })
    ).itemId;
  const changeNumber = async (folderId: string) =>
    Number(
      (
        await db.dataSource.query('SELECT change_number FROM mailbox.folder WHERE id = $1', [
          folderId,
        ])
      )[0].change_number,
    );
  /** The device is given `key` for the collection at the folder's change number now. */
  const give = async (collectionId: string, key: number, deviceId = PHONE) =>
    controller.propose({
      mailbox: PAT,
      deviceId,
      collectionId,
      key,
      state: { changeNumber: await changeNumber(collectionId), data: b64(`held at ${key}`) },
      answer: b64('answer'),
    });
  const confirm = (collectionId: string, key: number) =>
    controller.confirm({ mailbox: PAT, deviceId: PHONE, collectionId, key });
  const behind = async (collectionIds: string[], deviceId = PHONE, mailbox = PAT) =>
    (await controller.behind({ mailbox, deviceId, collectionIds })).collectionIds;

  beforeEach(async () => {
    db = await open(mailboxStorage);
    services = createMailboxServices(db.dataSource, { folderChanged: async () => undefined });
    controller = new SyncStateController(services.syncState);
    const { folders } = await services.folders.list(PAT);
    const named = (name: string) => folders.find((f) => f.displayName === name)!.id;
    [inbox, sent, drafts] = [named('Inbox'), named('Sent Items'), named('Drafts')];
  });
  afterEach(() => db.close());

  it('reports a collection with mail delivered after the last key given, until a newer key covers it', async () => {
    await deliver('before');
    await give(inbox, 1);
    await confirm(inbox, 1);
    await give(sent, 1);
    expect(await behind([inbox, sent])).toEqual([]);

    await deliver('in the gap');
    expect(await behind([sent, inbox])).toEqual([inbox]);
    // The answer carrying key 2 went out: the last key returned counts, confirmed or not.
    await give(inbox, 2);
    expect(await behind([sent, inbox])).toEqual([]);
    await confirm(inbox, 2);
    expect(await behind([sent, inbox])).toEqual([]);
  });

  it("ignores the device's own changes, counts everyone else's", async () => {
    const item = await deliver('read me');
    await give(inbox, 1);
    await services.items.update(PAT, item, { read: true }, PHONE);
    await services.items.update(PAT, item, { flag: { status: 2 } }, PHONE);
    expect(await behind([inbox])).toEqual([]);

    await services.items.update(PAT, item, { read: false }, TABLET);
    expect(await behind([inbox])).toEqual([inbox]);
    // Behind the tablet's change, the phone's own again: still behind.
    await services.items.update(PAT, item, { read: true }, PHONE);
    expect(await behind([inbox])).toEqual([inbox]);
  });

  it('answers in the order asked; a collection without state, or another device, is not behind', async () => {
    await give(inbox, 1);
    await give(sent, 1);
    const item = await deliver('moved');
    await services.items.move(PAT, item, sent);
    await services.items.move(PAT, await deliver('draft'), drafts);
    expect(await behind([sent, drafts, inbox])).toEqual([sent, inbox]);
    expect(await behind([inbox, sent])).toEqual([inbox, sent]);
    // The tablet synced nothing: it has nothing to refresh, whatever changed.
    expect(await behind([inbox, sent, drafts], TABLET)).toEqual([]);
    expect(await behind([inbox], PHONE, 'nobody@contoso.com')).toEqual([]);
  });

  it('takes ids that name no folder, and refuses an empty or too long list', async () => {
    await controller.propose({
      mailbox: PAT,
      deviceId: PHONE,
      collectionId: 'inbox-1',
      key: 1,
      state: { changeNumber: 0, data: '' },
      answer: '',
    });
    await deliver('x');
    expect(await behind(['inbox-1', '00000000-0000-4000-8000-000000000000'])).toEqual([]);
    const refused = (collectionIds: string[]) =>
      controller.behind({ mailbox: PAT, deviceId: PHONE, collectionIds }).then(
        () => 'resolved',
        (error: unknown) => (error instanceof BusError ? error.code : String(error)),
      );
    expect(await refused([])).toBe('bad-request');
    const tooMany = Array.from(
      { length: SYNC_STATE_LIMITS.maxWatchedCollections + 1 },
      () => inbox,
    );
    expect(await refused(tooMany)).toBe('bad-request');
  });
  it('reads the journal after the confirmed state with it, as ChangesList would, and only then', async () => {
    await deliver('before');
    await give(inbox, 1);
    await confirm(inbox, 1);
    await give(inbox, 2);
    const news = [await deliver('first'), await deliver('second'), await deliver('third')];
    const get = (confirmKey: number, window = 512, collectionId = inbox) =>
      controller.get({
        mailbox: PAT,
        deviceId: PHONE,
        collectionId,
        confirm: confirmKey,
        changes: { window },
      });

    // Key 2 is confirmed by the read; the journal after its state comes with it.
    const read = await get(2, 2);
    expect(read.acknowledged?.key).toBe(2);
    const after = read.acknowledged!.state.changeNumber;
    const listed = await services.reads.changes(PAT, inbox, { after, window: 2 });
    expect(read.changes).toEqual({ ...listed, after });
    expect(read.changes?.changes.map((c) => c.itemId)).toEqual(news.slice(0, 2));
    expect(read.changes?.remaining).toBe(1);
    // Again (the answer was lost, the device repeats its request): the same.
    expect((await get(2, 2)).changes).toEqual(read.changes);

    // A key that is not the state the Sync goes on from gets no journal: a repeated older
    // key with a newer pending one, a key never given, a collection that is no folder.
    await give(inbox, 3);
    expect((await get(2)).changes).toBeUndefined();
    expect((await get(9)).changes).toBeUndefined();
    await give(sent, 1);
    await confirm(sent, 1);
    expect((await get(1, 512, sent)).changes).toEqual({
      ...(await services.reads.changes(PAT, sent, {
        after: await changeNumber(sent),
        window: 512,
      })),
      after: await changeNumber(sent),
    });
    await controller.propose({
      mailbox: PAT,
      deviceId: PHONE,
      collectionId: 'inbox-1',
      key: 1,
      state: { changeNumber: 0, data: '' },
      answer: '',
    });
    await confirm('inbox-1', 1);
    expect((await get(1, 512, 'inbox-1')).changes).toBeUndefined();
  });
  it("brings the items the journal adds or changes when asked and few, not the device's own", async () => {
    const read = await deliver('read on the phone');
    await give(inbox, 1);
    await confirm(inbox, 1);
    const news = [await deliver('first'), await deliver('second')];
    await services.items.update(PAT, read, { read: true }, PHONE);
    const gone = await deliver('deleted');
    await services.items.delete(PAT, gone);
    const select = { properties: true, body: { type: 'text' as const }, attachments: true };
    const get = (key: number) =>
      controller.get({
        mailbox: PAT,
        deviceId: PHONE,
        collectionId: inbox,
        confirm: key,
        changes: { window: 512, items: select },
      });

    const first = await get(1);
    // As a fetch with the same selector answers them; the deleted one and the phone's own
    // change are not fetched.
    const fetched = await services.reads.fetch(PAT, news, select);
    expect(first.changes?.items).toEqual(fetched.items);
    expect(first.changes?.items?.map((i) => i.body?.data)).toEqual(['x', 'x']);
    // Without a selector, the journal alone.
    const plain = await controller.get({
      mailbox: PAT,
      deviceId: PHONE,
      collectionId: inbox,
      confirm: 1,
      changes: { window: 512 },
    });
    expect(plain.changes?.items).toBeUndefined();
    expect(plain.changes?.changes).toEqual(first.changes?.changes);

    // More news than SYNC_PREFETCH_ITEMS: the journal comes without them.
    for (let i = 0; i < SYNC_PREFETCH_ITEMS; i++) await deliver(`more ${i}`);
    const many = await get(1);
    expect(many.changes?.changes.length).toBeGreaterThan(SYNC_PREFETCH_ITEMS);
    expect(many.changes?.items).toBeUndefined();
  });
});
