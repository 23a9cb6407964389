/**
 * Calendar, contact, task, note and SMS items through the bus handlers (contract validation
 * included): created into folders of their class, changed with ghosted properties kept,
 * journaled with their origin, found by search and counted by the quota.
 */
import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import type { Folder } from '@mail/contracts';
import { createMailboxServices, type MailboxServices } from '../mailbox-services';
import { mailboxStorage } from '../persistence/storage';
import { ItemReadsController } from './item-reads.controller';
import { ItemsController } from './items.controller';

const PAT = 'pat@contoso.com';
const DEVICE = 'ApplF4KX1234';

const contact = {
  FileAs: 'Chen, Lee',
  FirstName: 'Lee',
  LastName: 'Chen',
  CompanyName: 'Fabrikam Aviation',
  Email1Address: 'lee@fabrikam.com',
  MobilePhoneNumber: '+1 425 555 0100',
  Birthday: '1990-04-01T00:00:00Z',
  Children: ['Sam'],
  Picture: Buffer.from('JPEGDATA').toString('base64'),
  Body: { Type: 1, Data: 'Met at the airshow.' },
  Categories: ['Business'],
};
const appointment = {
  StartTime: '2025-11-04T10:00:00Z',
  EndTime: '2025-11-04T11:00:00Z',
  Subject: 'Hangar tour',
  Location: 'Paine Field',
  OrganizerName: 'Pat',
  OrganizerEmail: PAT,
  Attendees: [{ Email: 'lee@fabrikam.com', Name: 'Lee Chen', AttendeeType: 1 }],
  MeetingStatus: 1,
  BusyStatus: 2,
  UID: 'uid-1',
};

describe.each(DATABASE_BACKENDS)('class items on %s', (_name, open) => {
  let db: OpenedDatabase;
  let services: MailboxServices;
  let writes: ItemsController;
  let reads: ItemReadsController;
  let events: string[][];
  let folderOf: (name: string) => Folder;
  const create = (folder: string, cls: string, properties: object, extra: object = {}) =>
    writes.create({
      mailbox: PAT,
      folderId: folderOf(folder).id,
      class: cls,
      properties,
      origin: DEVICE,
      ...extra,
    });
  const fetchOne = async (itemId: string, select: object = {}) =>
    (await reads.fetch({ mailbox: PAT, itemIds: [itemId], select })).items[0];
  /** The refusal of a handler call, which may throw before it returns a promise. */
  const failure = (call: () => unknown) =>
    Promise.resolve()
      .then(call)
      .then(
        () => null,
        (error) => ({ code: error.code, message: error.message }),
      );

  beforeEach(async () => {
    db = await open(mailboxStorage);
    events = [];
    services = createMailboxServices(db.dataSource, {
      folderChanged: async (_mailbox, folderIds) => void events.push(folderIds),
    });
    writes = new ItemsController(services.items);
    reads = new ItemReadsController(services.reads);
    const { folders } = await services.folders.list(PAT);
    folderOf = (name) => folders.find((f) => f.displayName === name)!;
  });
  afterEach(() => db.close());

  it('creates an item of each class in its folder, journaled with its origin', async () => {
    const made = [
      await create('Contacts', 'Contacts', contact),
      await create('Calendar', 'Calendar', appointment),
      await create('Tasks', 'Tasks', {
        Subject: 'Renew license',
        UtcDueDate: '2025-12-01T00:00:00Z',
      }),
      await create('Notes', 'Notes', { Subject: 'Tail numbers', Body: { Type: 1, Data: 'N123' } }),
      await create('Inbox', 'SMS', {
        From: '"Lee" [MOBILE:+14255550100]',
        To: '[MOBILE:+14255550199]',
        DateReceived: '2025-11-03T08:00:00Z',
        Body: { Type: 1, Data: 'Landing at 5' },
      }),
    ];
    expect(made.map((m) => [m.changeNumber, m.duplicate])).toEqual(Array(5).fill([1, false]));
    expect(events).toHaveLength(5);
    const changes = await reads.changes({
      mailbox: PAT,
      folderId: folderOf('Contacts').id,
      after: 0,
      window: 10,
    });
    expect(changes.changes).toEqual([
      { changeNumber: 1, itemId: made[0].itemId, kind: 'add', origin: DEVICE },
    ]);

    const fetched = await reads.fetch({
      mailbox: PAT,
      itemIds: made.map((m) => m.itemId),
      select: { body: { type: 'text' } },
    });
    expect(fetched.items.map((i) => i.class)).toEqual([
      'Contacts',
      'Calendar',
      'Tasks',
      'Notes',
      'SMS',
    ]);
    const [person, meeting, task, note, sms] = fetched.items;
    expect(person.properties).toEqual({
      ...contact,
      Birthday: '1990-04-01T00:00:00.000Z',
      Body: undefined,
    });
    expect(person.properties).not.toHaveProperty('Body');
    expect(person.body).toEqual({
      type: 'text',
      data: 'Met at the airshow.',
      truncated: false,
      size: 19,
    });
    expect(meeting.properties).toMatchObject({ Subject: 'Hangar tour', UID: 'uid-1' });
    expect(meeting.body).toBeNull();
    expect(task.properties).toMatchObject({ Complete: 0 });
    expect(note.properties).toMatchObject({ LastModifiedDate: expect.any(String) });
    expect(sms).toMatchObject({ read: false, body: { data: 'Landing at 5' } });
  });

  it('refuses an item in a folder of another class or mailbox, and a class without a schema', async () => {
    expect(await failure(() => create('Inbox', 'Contacts', contact))).toEqual({
      code: 'bad-request',
      message: 'folderId: a folder of type 2 does not hold Contacts items',
    });
    const lee = (await services.folders.list('lee@contoso.com')).folders[0];
    expect(
      await failure(() =>
        writes.create({ mailbox: PAT, folderId: lee.id, class: 'Notes', properties: {} }),
      ),
    ).toMatchObject({ code: 'not-found' });
    expect(await failure(() => create('Inbox', 'Email', {}))).toMatchObject({
      code: 'bad-request',
      message: /class/,
    });
    const [{ count }] = await db.dataSource.query(
      'SELECT count(*)::int AS count FROM mailbox.item',
    );
    expect(count).toBe(0);
  });

  it('creates once per key, even when retries race', async () => {
    const tries = await Promise.all(
      Array.from({ length: 4 }, () => create('Contacts', 'Contacts', contact, { key: 'dev/1/c7' })),
    );
    expect(new Set(tries.map((t) => t.itemId)).size).toBe(1);
    expect(tries.filter((t) => !t.duplicate)).toHaveLength(1);
    expect(events).toHaveLength(1);
  });

  it('changes properties, keeping the ghosted ones, and reindexes the item', async () => {
    const { itemId } = await create('Contacts', 'Contacts', contact);
    await writes.change({
      mailbox: PAT,
      itemId,
      class: 'Contacts',
      properties: { FirstName: 'Lee', LastName: 'Chen-Park', CompanyName: 'Contoso Air' },
      keep: ['Picture', 'Email1Address', 'FileAs'],
      origin: DEVICE,
    });
    const changed = await fetchOne(itemId);
    expect(changed.properties).toEqual({
      FirstName: 'Lee',
      LastName: 'Chen-Park',
      CompanyName: 'Contoso Air',
      Picture: contact.Picture,
      Email1Address: contact.Email1Address,
      FileAs: contact.FileAs,
    });
    expect(changed.changeNumber).toBe(2);
    const search = (query: string) =>
      services.search.search(PAT, { query, classes: ['Contacts'], range: { start: 0, end: 9 } });
    expect((await search('contoso')).total).toBe(1);
    expect((await search('fabrikam')).total).toBe(1); // still in Email1Address
    expect((await search('airshow')).total).toBe(0); // the body was not kept
    expect(
      await failure(() =>
        writes.change({ mailbox: PAT, itemId, class: 'Notes', properties: { Subject: 'x' } }),
      ),
    ).toEqual({ code: 'bad-request', message: 'class: the item is Contacts, not Notes' });
  });

  it('sets categories on any class, read only on email and SMS, and deletes with a tombstone', async () => {
    const { itemId } = await create('Calendar', 'Calendar', appointment);
    await writes.update({ mailbox: PAT, itemId, categories: ['Travel'], origin: DEVICE });
    expect((await fetchOne(itemId)).properties).toMatchObject({ Categories: ['Travel'] });
    expect(await failure(() => writes.update({ mailbox: PAT, itemId, read: true }))).toMatchObject({
      code: 'bad-request',
    });
    await writes.delete({ mailbox: PAT, itemId, origin: 'OtherDevice' });
    const { changes } = await reads.changes({
      mailbox: PAT,
      folderId: folderOf('Calendar').id,
      after: 0,
      window: 10,
    });
    expect(changes.map((c) => [c.kind, c.origin])).toEqual([
      ['add', DEVICE],
      ['change', DEVICE],
      ['delete', 'OtherDevice'],
    ]);
  });

  it('counts class items against the quota and finds them by class', async () => {
    await create('Calendar', 'Calendar', appointment);
    await create('Contacts', 'Contacts', contact);
    const quota = await services.search.quota(PAT);
    expect(quota.itemCount).toBe(2);
    expect(quota.totalSize).toBeGreaterThan(JSON.stringify(contact).length);
    const found = await services.search.search(PAT, {
      query: 'paine',
      classes: ['Calendar'],
      range: { start: 0, end: 9 },
    });
    expect(found.results.map((r) => r.subject)).toEqual(['Hangar tour']);
    await services.search.setQuota(PAT, quota.totalSize + 10);
    expect(await failure(() => create('Contacts', 'Contacts', contact))).toMatchObject({
      code: 'forbidden',
    });
  });
});
