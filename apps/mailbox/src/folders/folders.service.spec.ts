import { BusError } from '@mail/runtime';
import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import type { DeliveryService } from '../delivery/delivery.service';
import type { ItemsService } from '../items/items.service';
import { createMailboxServices } from '../mailbox-services';
import { mailboxStorage } from '../persistence/storage';
import type { FoldersService } from './folders.service';

const PAT = 'pat@contoso.com';

describe.each(DATABASE_BACKENDS)('FoldersService on %s', (_name, open) => {
  let db: OpenedDatabase;
  let folders: FoldersService;
  let delivery: DeliveryService;
  let items: ItemsService;
  let hierarchyChanges: string[];
  const code = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (error: unknown) => (error instanceof BusError ? error.code : String(error)),
    );

  beforeEach(async () => {
    db = await open(mailboxStorage);
    hierarchyChanges = [];
    ({ folders, delivery, items } = createMailboxServices(db.dataSource, {
      folderChanged: async () => undefined,
      hierarchyChanged: async (mailbox) => void hierarchyChanges.push(mailbox),
    }));
  });
  afterEach(() => db.close());

  it('creates a mailbox once with the default folder set', async () => {
    expect((await folders.ensure(PAT)).created).toBe(true);
    const [again, racing] = await Promise.all([folders.ensure(PAT), folders.ensure(PAT)]);
    expect([again.created, racing.created]).toEqual([false, false]);
    const { folders: list } = await folders.list(PAT);
    expect(list.map((f) => [f.displayName, f.type, f.isDefault])).toEqual(
      expect.arrayContaining([
        ['Inbox', 2, true],
        ['Drafts', 3, true],
        ['Deleted Items', 4, true],
        ['Sent Items', 5, true],
        ['Outbox', 6, true],
        ['Junk Email', 12, true],
        ['Calendar', 8, true],
        ['Contacts', 9, true],
        ['Tasks', 7, true],
        ['Notes', 10, true],
        ['Journal', 11, true],
      ]),
    );
    expect(list).toHaveLength(11);
  });

  it('creates, renames and moves user folders, refusing loops, duplicates and default folders', async () => {
    await folders.ensure(PAT);
    const inbox = (await folders.list(PAT)).folders.find((f) => f.displayName === 'Inbox')!;
    const projects = await folders.create(PAT, inbox.id, 'Projects', 12);
    const alpha = await folders.create(PAT, projects.id, 'Alpha', 12);
    expect(await code(folders.create(PAT, inbox.id, 'PROJECTS', 12))).toBe('conflict');
    expect(await code(folders.update(PAT, projects.id, { parentId: alpha.id }))).toBe(
      'bad-request',
    );
    expect(await code(folders.update(PAT, projects.id, { parentId: projects.id }))).toBe(
      'bad-request',
    );
    expect(await code(folders.update(PAT, inbox.id, { displayName: 'Mail' }))).toBe('bad-request');
    expect(await code(folders.delete(PAT, inbox.id))).toBe('bad-request');
    const before = (await folders.list(PAT)).hierarchyChangeNumber;
    const moved = await folders.update(PAT, alpha.id, { displayName: 'Beta', parentId: null });
    expect(moved).toMatchObject({ displayName: 'Beta', parentId: null });
    expect((await folders.list(PAT)).hierarchyChangeNumber).toBe(before + 1);
  });

  it('announces each hierarchy change after its commit, and only those', async () => {
    await folders.ensure(PAT);
    const inbox = (await folders.list(PAT)).folders.find((f) => f.displayName === 'Inbox')!;
    const projects = await folders.create(PAT, inbox.id, 'Projects', 12);
    await folders.update(PAT, projects.id, { displayName: 'Plans' });
    await code(folders.create(PAT, inbox.id, 'plans', 12));
    await folders.delete(PAT, projects.id);
    expect(hierarchyChanges).toEqual([PAT, PAT, PAT]);
  });

  it("refuses another mailbox's folders and changes in unknown mailboxes as not found", async () => {
    await folders.ensure(PAT);
    await folders.ensure('lee@contoso.com');
    const leeInbox = (await folders.list('lee@contoso.com')).folders[0];
    expect(await code(folders.create(PAT, leeInbox.id, 'X', 12))).toBe('not-found');
    expect(await code(folders.delete(PAT, leeInbox.id))).toBe('not-found');
    expect(await code(folders.create('nobody@contoso.com', null, 'X', 12))).toBe('not-found');
  });

  it('lists a mailbox the directory event never created by creating it (FolderSync first)', async () => {
    const { folders: list } = await folders.list('new@contoso.com');
    expect(list).toHaveLength(11);
    expect((await folders.ensure('new@contoso.com')).created).toBe(false);
  });

  it('deletes a folder with its subfolders, items, MIME, attachments and journal', async () => {
    await folders.ensure(PAT);
    const top = await folders.create(PAT, null, 'Archive', 12);
    const sub = await folders.create(PAT, top.id, '2025', 12);
    const mime = Buffer.from(
      'Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nhi\r\n--b\r\n' +
        'Content-Type: text/plain; name=a.txt\r\nContent-Disposition: attachment; filename=a.txt\r\n\r\nA\r\n--b--\r\n',
    ).toString('base64');
    const { itemId } = await delivery.deliver({ queueId: 'q1', recipient: PAT, mime });
    await items.move(PAT, itemId, sub.id);
    expect(await folders.delete(PAT, top.id)).toEqual({ deletedFolders: 2, deletedItems: 1 });
    const [left] = await db.dataSource.query(
      `SELECT
      (SELECT count(*) FROM mailbox.item)::int AS items,
      (SELECT count(*) FROM mailbox.mime_body)::int AS bodies,
      (SELECT count(*) FROM mailbox.attachment)::int AS attachments,
      (SELECT count(*) FROM mailbox.journal WHERE folder_id IN ($1, $2))::int AS journal,
      (SELECT item_count FROM mailbox.mailbox)::int AS counted`,
      [top.id, sub.id],
    );
    expect(left).toEqual({ items: 0, bodies: 0, attachments: 0, journal: 0, counted: 0 });
    expect((await folders.list(PAT)).folders).toHaveLength(11);
  });
});
