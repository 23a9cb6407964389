import { OofReplyRequest, OofSetRequest } from './oof';
import { ContactResolveRequest, FREE_BUSY_MAX_DAYS, FreeBusyRequest } from './people';

const paths = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
  result.success ? [] : result.error!.issues.map((issue) => issue.path.join('.'));

describe('out-of-office, contact and free/busy contracts', () => {
  const reply = { enabled: true, replyMessage: 'Away', bodyType: 'Text' };

  it('takes a time-based absence only with an ordered window, and bounds the reply', () => {
    const mailbox = 'pat@contoso.com';
    expect(
      OofSetRequest.safeParse({ mailbox, state: 1, messages: { internal: reply } }).success,
    ).toBe(true);
    expect(paths(OofSetRequest.safeParse({ mailbox, state: 2 }))).toEqual(['startTime']);
    expect(
      paths(
        OofSetRequest.safeParse({
          mailbox,
          state: 2,
          startTime: '2026-03-02T00:00:00Z',
          endTime: '2026-03-01T00:00:00Z',
        }),
      ),
    ).toEqual(['startTime']);
    expect(
      paths(
        OofSetRequest.safeParse({
          mailbox,
          state: 3,
          messages: { everyone: reply, internal: { ...reply, replyMessage: 'x'.repeat(70_000) } },
        }),
      ),
    ).toEqual(expect.arrayContaining(['state', 'messages.internal.replyMessage']));
    expect(
      paths(OofReplyRequest.safeParse({ mailbox, sender: 'not an address', internal: false })),
    ).toEqual(['sender']);
  });

  it('bounds names, candidates and the free/busy window', () => {
    const mailbox = 'pat@contoso.com';
    expect(ContactResolveRequest.safeParse({ mailbox, names: ['robin'] }).success).toBe(true);
    expect(
      paths(ContactResolveRequest.safeParse({ mailbox, names: Array(101).fill('a'), limit: 0 })),
    ).toEqual(['names', 'limit']);
    const start = '2026-03-01T00:00:00.000Z';
    expect(
      FreeBusyRequest.safeParse({ mailbox, start, end: '2026-03-02T00:00:00.000Z' }).success,
    ).toBe(true);
    expect(paths(FreeBusyRequest.safeParse({ mailbox, start, end: start }))).toEqual(['start']);
    const far = new Date(Date.parse(start) + (FREE_BUSY_MAX_DAYS + 1) * 86_400_000).toISOString();
    expect(paths(FreeBusyRequest.safeParse({ mailbox, start, end: far }))).toEqual(['end']);
  });
});
