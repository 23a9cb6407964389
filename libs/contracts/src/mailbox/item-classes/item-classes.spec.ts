import { CLASS_LIMITS } from './common';
import { CalendarProperties, ClassItem, ContactProperties, TaskProperties } from './index';
import { ItemCreateRequest, ItemChangeRequest } from '../item-writes';
import { ItemFetchRequest, ItemListRequest } from '../item-reads';

const issues = (result: {
  success: boolean;
  error?: { issues: Array<{ path: PropertyKey[] }> };
}) => (result.success ? [] : result.error!.issues.map((issue) => issue.path.join('.')));

const meeting = {
  Timezone: Buffer.alloc(172).toString('base64'),
  StartTime: '2025-11-04T10:00:00+01:00',
  EndTime: '2025-11-04T11:00:00+01:00',
  Subject: 'Planning',
  Location: 'Room 4',
  BusyStatus: 2,
  Sensitivity: 0,
  MeetingStatus: 1,
  OrganizerName: 'Pat Lee',
  OrganizerEmail: 'pat@contoso.com',
  UID: '040000008200E00074C5B7101A82E008',
  Reminder: 15,
  Attendees: [{ Email: 'lee@contoso.com', Name: 'Lee', AttendeeStatus: 3, AttendeeType: 1 }],
  Recurrence: { Type: 1, Interval: 1, DayOfWeek: 4, Until: '2025-12-30T10:00:00Z' },
  Exceptions: [{ ExceptionStartTime: '2025-11-11T09:00:00Z', Deleted: 1 }],
  Body: { Type: 2, Data: '<p>Agenda</p>' },
};

describe('item class contracts', () => {
  it('reads an appointment with recurrence, exceptions and attendees, dates as UTC', () => {
    const parsed = CalendarProperties.parse(meeting);
    expect(parsed.StartTime).toBe('2025-11-04T09:00:00.000Z');
    expect(parsed.Exceptions![0]).toEqual({
      ExceptionStartTime: '2025-11-11T09:00:00.000Z',
      Deleted: 1,
    });
  });

  it('refuses what MS-ASCAL does not allow, naming each field', () => {
    expect(
      issues(
        CalendarProperties.safeParse({
          ...meeting,
          BusyStatus: 7,
          MeetingStatus: 2,
          Recurrence: { Type: 4, DayOfWeek: 128 },
          Attendees: [{ Email: 'x', Name: 'y', AttendeeType: 4 }],
          UID: 'u'.repeat(301),
          Colour: 'red',
        }),
      ),
    ).toEqual(
      expect.arrayContaining([
        'BusyStatus',
        'MeetingStatus',
        'Recurrence.Type',
        'Recurrence.DayOfWeek',
        'Attendees.0.AttendeeType',
        'UID',
        '',
      ]),
    );
    expect(
      issues(CalendarProperties.safeParse({ ...meeting, EndTime: '2025-11-04T08:00:00Z' })),
    ).toEqual(['EndTime']);
    expect(
      issues(CalendarProperties.safeParse({ ...meeting, StartTime: '20251104T100000Z' })),
    ).toEqual(['StartTime']);
  });

  it('bounds every list and string, and the whole property set', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`);
    expect(issues(ContactProperties.safeParse({ Categories: many(301) }))).toEqual(['Categories']);
    expect(issues(ContactProperties.safeParse({ FileAs: 'x'.repeat(1025) }))).toEqual(['FileAs']);
    expect(issues(ContactProperties.safeParse({ FirstName: 'a\u0000b' }))).toEqual(['FirstName']);
    const picture = 'A'.repeat(CLASS_LIMITS.maxPictureChars);
    expect(ContactProperties.safeParse({ Picture: picture }).success).toBe(true);
    expect(issues(ContactProperties.safeParse({ Picture: `${picture}AAAA` }))).toEqual(['Picture']);
    expect(issues(ContactProperties.safeParse({ Picture: 'not base64!' }))).toEqual(['Picture']);
    const attendees = Array.from({ length: 1001 }, () => ({ Email: 'a@b.c', Name: 'A' }));
    expect(issues(CalendarProperties.safeParse({ ...meeting, Attendees: attendees }))).toEqual([
      'Attendees',
    ]);
    // 1,000 exceptions of 1 MB bodies each pass every field bound but not the overall one.
    const body = { Type: 1, Data: 'x'.repeat(10_000) };
    const exceptions = Array.from({ length: 500 }, (_, i) => ({
      ExceptionStartTime: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
      Body: body,
    }));
    expect(issues(CalendarProperties.safeParse({ ...meeting, Exceptions: exceptions }))).toEqual([
      '',
    ]);
  });

  it('takes a task as incomplete by default and wants DateCompleted when complete', () => {
    expect(TaskProperties.parse({ Subject: 'File taxes' }).Complete).toBe(0);
    expect(issues(TaskProperties.safeParse({ Subject: 'x', Complete: 1 }))).toEqual([
      'DateCompleted',
    ]);
  });

  it('checks a create or change against the schema of the class it names', () => {
    const base = {
      mailbox: 'pat@contoso.com',
      folderId: '0b8f7c55-2d3e-4f4a-9b1c-6d5e4f3a2b1c',
    };
    expect(
      ItemCreateRequest.safeParse({ ...base, class: 'Notes', properties: { Subject: 'n' } })
        .success,
    ).toBe(true);
    expect(
      issues(ItemCreateRequest.safeParse({ ...base, class: 'Notes', properties: { FileAs: 'x' } })),
    ).toEqual(['properties']);
    expect(
      issues(ItemCreateRequest.safeParse({ ...base, class: 'Email', properties: {} })),
    ).toEqual(['class']);
    expect(
      issues(
        ItemChangeRequest.safeParse({
          mailbox: base.mailbox,
          itemId: base.folderId,
          class: 'Contacts',
          properties: { FirstName: 'Pat' },
          keep: ['Picture', 'not an element'],
          origin: 'has space',
        }),
      ),
    ).toEqual(['keep.1', 'origin']);
    expect(ClassItem.safeParse({ class: 'SMS', properties: { DateReceived: 'x' } }).success).toBe(
      false,
    );
  });

  it('bounds fetches and listings', () => {
    const id = '0b8f7c55-2d3e-4f4a-9b1c-6d5e4f3a2b1c';
    const mailbox = 'pat@contoso.com';
    expect(
      issues(
        ItemFetchRequest.safeParse({ mailbox, itemIds: Array.from({ length: 513 }, () => id) }),
      ),
    ).toEqual(['itemIds']);
    expect(
      issues(
        ItemFetchRequest.safeParse({ mailbox, itemIds: [id], select: { body: { type: 'pdf' } } }),
      ),
    ).toEqual(['select.body.type']);
    expect(
      issues(
        ItemListRequest.safeParse({
          mailbox,
          folderId: id,
          limit: 2049,
          since: '2025-11-02T00:00:00Z',
          before: '2025-11-01T00:00:00Z',
        }),
      ),
    ).toEqual(['limit', 'since']);
    expect(
      issues(
        ItemListRequest.safeParse({
          mailbox,
          folderId: id,
          limit: 10,
          since: '2025-11-02T00:00:00Z',
          before: '2025-11-01T00:00:00Z',
        }),
      ),
    ).toEqual(['since']);
  });
});
