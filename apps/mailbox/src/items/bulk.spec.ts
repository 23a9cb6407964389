/**
 * MoveItems, EmptyFolderContents and appending a message (Sent Items copy, drafts) through the
 * bus handlers: per-item outcomes, tombstones in order, one event per commit, idempotent keys.
 */
import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import type { Folder } from '@mail/contracts';
import { DeliveryController } from '../delivery/delivery.controller';
import { createMailboxServices, type MailboxServices } from '../mailbox-services';
import { mailboxStorage } from '../persistence/storage';
import { ItemReadsController } from './item-reads.controller';
import { ItemsController } from './items.controller';

const PAT = 'pat@contoso.com';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const GONE = '0b8f7c55-2d3e-4f4a-9b1c-6d5e4f3a2b1c';

describe.each(DATABASE_BACKENDS)('bulk changes and appends on %s', (_name, open) => {
  let db: OpenedDatabase;
  let services: MailboxServices;
  let writes: ItemsController;
  let reads: ItemReadsController;
  let messages: DeliveryController;
  let events: string[][];
  let folderOf: (name: string) => Folder;
  let queue = 0;
  const deliver = async (subject: string) =>
    (
      await services.delivery.deliver({
        queueId: `q${queue++}`,
        recipient: PAT,
        mime: b64(`Subject: ${subject}\r\n\r\nbody`),
      })
    ).itemId;
  const journal = async (folder: string) =>
    (
      await reads.changes({ mailbox: PAT, folderId: folderOf(folder).id, after: 0, window: 512 })
    ).changes.map((c) => [c.changeNumber, c.kind, c.itemId]);

  beforeEach(async () => {
    db = await open(mailboxStorage);
    events = [];
    services = createMailboxServices(db.dataSource, {
      folderChanged: async (_mailbox, folderIds) => void events.push([...folderIds].sort()),
    });
    writes = new ItemsController(services.items);
    reads = new ItemReadsController(services.reads);
    messages = new DeliveryController(services.delivery, 0);
    const { folders } = await services.folders.list(PAT);
    folderOf = (name) => folders.find((f) => f.displayName === name)!;
  });
  afterEach(() => db.close());

  it('moves many items in one commit, each with its own outcome', async () => {
    const [a, b, c] = [await deliver('a'), await deliver('b'), await deliver('c')];
    const contact = await writes.create({
      mailbox: PAT,
      folderId: folderOf('Contacts').id,
      class: 'Contacts',
      properties: { FileAs: 'Lee' },
    });
    events = [];
    const junk = folderOf('Junk Email').id;
    const inbox = folderOf('Inbox').id;
    const reply = await writes.moveMany({
      mailbox: PAT,
      moves: [
        { itemId: a, toFolderId: junk },
        { itemId: GONE, toFolderId: junk },
        { itemId: b, toFolderId: GONE },
        { itemId: c, toFolderId: inbox },
        { itemId: contact.itemId, toFolderId: junk },
        { itemId: b, toFolderId: junk },
        { itemId: a, toFolderId: folderOf('Deleted Items').id },
      ],
      origin: 'PhoneA',
    });
    expect(reply.results.map((r) => [r.itemId, r.status, r.changeNumber])).toEqual([
      [a, 'moved', 1],
      [GONE, 'item-not-found', undefined],
      [b, 'folder-not-found', undefined],
      [c, 'same-folder', undefined],
      [contact.itemId, 'class-mismatch', undefined],
      [b, 'moved', 2],
      [a, 'moved', 1],
    ]);
    expect(events).toEqual([[folderOf('Deleted Items').id, inbox, junk].sort()]);
    expect(await journal('Junk Email')).toEqual([
      [1, 'move-in', a],
      [2, 'move-in', b],
      [3, 'move-out', a],
    ]);
    expect((await journal('Inbox')).slice(3)).toEqual([
      [4, 'move-out', a],
      [5, 'move-out', b],
    ]);
    const fetched = await reads.fetch({ mailbox: PAT, itemIds: [a, b] });
    expect(fetched.items.map((i) => [i.folderId, i.changeNumber])).toEqual([
      [folderOf('Deleted Items').id, 1],
      [junk, 2],
    ]);
  });

  it('empties a folder with a tombstone for each item, and its subfolders when asked', async () => {
    const ids = [await deliver('a'), await deliver('b'), await deliver('c')];
    const inbox = folderOf('Inbox').id;
    const sub = await services.folders.create(PAT, inbox, 'Sub', 12);
    await writes.move({ mailbox: PAT, itemId: ids[2], toFolderId: sub.id });
    events = [];
    expect(await writes.empty({ mailbox: PAT, folderId: inbox, origin: 'PhoneA' })).toEqual({
      deletedItems: 2,
      deletedFolders: 0,
      changeNumber: 6,
    });
    const tombstones = (await journal('Inbox')).slice(4);
    expect(tombstones.map(([n, kind]) => [n, kind])).toEqual([
      [5, 'delete'],
      [6, 'delete'],
    ]);
    expect(tombstones.map(([, , id]) => id).sort()).toEqual(ids.slice(0, 2).sort());
    expect(events).toEqual([[inbox]]);
    expect((await services.folders.list(PAT)).folders).toHaveLength(12);

    const before = (await services.folders.list(PAT)).hierarchyChangeNumber;
    expect(await writes.empty({ mailbox: PAT, folderId: inbox, deleteSubfolders: true })).toEqual({
      deletedItems: 1,
      deletedFolders: 1,
      changeNumber: 6,
    });
    const after = await services.folders.list(PAT);
    expect(after.folders).toHaveLength(11);
    expect(after.hierarchyChangeNumber).toBe(before + 1);
    expect(await services.search.quota(PAT)).toMatchObject({ itemCount: 0, totalSize: 0 });
  });

  it('appends a sent copy once per key, read, into a mail folder only', async () => {
    const sent = folderOf('Sent Items').id;
    const append = (extra: object = {}) =>
      messages.append({
        mailbox: PAT,
        folderId: sent,
        mime: b64('From: pat@contoso.com\r\nTo: lee@fabrikam.com\r\nSubject: Sent\r\n\r\nhi'),
        key: 'PhoneA/sendmail/17',
        origin: 'PhoneA',
        ...extra,
      });
    const first = await append();
    const again = await append();
    expect(first).toMatchObject({ folderId: sent, changeNumber: 1, duplicate: false });
    expect(again).toMatchObject({ itemId: first.itemId, duplicate: true });
    expect(events).toEqual([[sent]]);
    const [item] = (await reads.fetch({ mailbox: PAT, itemIds: [first.itemId] })).items;
    expect(item).toMatchObject({
      read: true,
      headers: { subject: 'Sent', to: 'lee@fabrikam.com' },
    });
    expect(await journal('Sent Items')).toEqual([[1, 'add', first.itemId]]);
    await expect(
      Promise.resolve().then(() => append({ key: undefined, folderId: folderOf('Contacts').id })),
    ).rejects.toMatchObject({ code: 'bad-request', message: /does not hold Email/ });
  });

  it('saves a draft again in its place: same id, new content, journaled as a change', async () => {
    const drafts = folderOf('Drafts').id;
    const draft = (subject: string, extra: object = {}) =>
      messages.append({
        mailbox: PAT,
        folderId: drafts,
        mime: b64(
          `Subject: ${subject}\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\ntext\r\n--b\r\nContent-Disposition: attachment; filename=${subject}.txt\r\n\r\n${subject}\r\n--b--\r\n`,
        ),
        ...extra,
      });
    const first = await draft('v1');
    const second = await draft('version 2', { replaces: first.itemId });
    expect(second).toMatchObject({ itemId: first.itemId, changeNumber: 2, duplicate: false });
    const [item] = (
      await reads.fetch({ mailbox: PAT, itemIds: [first.itemId], select: { attachments: true } })
    ).items;
    expect(item.headers!.subject).toBe('version 2');
    expect(item.attachments!.map((a) => a.fileName)).toEqual(['version 2.txt']);
    expect(await journal('Drafts')).toEqual([
      [1, 'add', first.itemId],
      [2, 'change', first.itemId],
    ]);
    const quota = await services.search.quota(PAT);
    expect(quota.itemCount).toBe(1);
    expect(
      await draft('x', { folderId: folderOf('Inbox').id, replaces: first.itemId }).catch((e) => e),
    ).toMatchObject({ code: 'bad-request', message: /replaces/ });
  });
});
