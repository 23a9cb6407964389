import type { OofSettings } from '@mail/contracts';
import type { MailboxIds } from '../persistence/mailbox-ids';
import { OOF_DEFAULTS, type OofRepository } from './persistence/oof.repository';
import { oofActive, OofService } from './oof.service';

const reply = (replyMessage: string) => ({
  enabled: true,
  replyMessage,
  bodyType: 'Text' as const,
});

function service(
  settings: OofSettings,
  contacts: string[] = [],
  now = Date.parse('2026-03-03T12:00:00Z'),
) {
  const answered = new Set<string>();
  let stored = settings;
  const repository = {
    get: async () => stored,
    set: async (_id: string, next: OofSettings) => {
      stored = next;
      answered.clear();
    },
    claimReply: async (_id: string, sender: string) =>
      answered.has(sender) ? false : (answered.add(sender), true),
    isContact: async (_id: string, address: string) => contacts.includes(address),
  } as unknown as OofRepository;
  const mailboxes = {
    require: async () => 'mailbox-id',
    ensure: async () => ({ id: 'mailbox-id', created: false }),
  } as unknown as MailboxIds;
  return new OofService(mailboxes, repository, () => now);
}

describe('out-of-office decisions', () => {
  const on: OofSettings = {
    ...OOF_DEFAULTS,
    state: 1,
    messages: {
      internal: reply('internal'),
      externalKnown: reply('known'),
      externalUnknown: { ...reply('unknown'), enabled: false },
    },
  };

  it('answers each sender once with its audience’s reply', async () => {
    const oof = service(on, ['kim@fabrikam.example']);
    const mailbox = 'pat@contoso.com';
    await expect(oof.reply(mailbox, 'lee@contoso.com', true)).resolves.toMatchObject({
      reply: true,
      audience: 'internal',
      message: { replyMessage: 'internal' },
    });
    await expect(oof.reply(mailbox, 'lee@contoso.com', true)).resolves.toEqual({ reply: false });
    await expect(oof.reply(mailbox, 'kim@fabrikam.example', false)).resolves.toMatchObject({
      audience: 'externalKnown',
    });
    // External senders not in the contacts get nothing: that audience is off.
    await expect(oof.reply(mailbox, 'ana@fabrikam.example', false)).resolves.toEqual({
      reply: false,
    });
    await oof.set(mailbox, { state: 1, messages: {} });
    await expect(oof.reply(mailbox, 'lee@contoso.com', true)).resolves.toMatchObject({
      reply: true,
    });
  });

  it('answers a time-based absence only inside its window', () => {
    const window = {
      ...on,
      state: 2 as const,
      startTime: '2026-03-02T00:00:00.000Z',
      endTime: '2026-03-04T00:00:00.000Z',
    };
    expect(oofActive(window, Date.parse('2026-03-03T00:00:00Z'))).toBe(true);
    expect(oofActive(window, Date.parse('2026-03-04T00:00:00Z'))).toBe(false);
    expect(oofActive({ ...window, state: 0 }, Date.parse('2026-03-03T00:00:00Z'))).toBe(false);
  });

  it('keeps the replies and window a Set leaves out', async () => {
    const oof = service(on);
    const settings = await oof.set('pat@contoso.com', {
      state: 2,
      startTime: '2026-03-02T00:00:00Z',
      endTime: '2026-03-04T00:00:00Z',
      messages: { externalUnknown: reply('away') },
    });
    expect(settings.messages.internal.replyMessage).toBe('internal');
    expect(settings.messages.externalUnknown.replyMessage).toBe('away');
    expect(settings.startTime).toBe('2026-03-02T00:00:00.000Z');
    expect((await oof.set('pat@contoso.com', { state: 0, messages: {} })).endTime).toBe(
      '2026-03-04T00:00:00.000Z',
    );
  });
});
