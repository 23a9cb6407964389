/**
 * Out of office of a mailbox (EAS Settings Oof) and the auto-reply decision hub transport asks
 * for on each local delivery: on (state 1, or state 2 inside its window), the audience's reply
 * enabled, and this sender not answered yet in this absence.
 */
import type { OofAudience, OofReplyReply, OofSettings } from '@mail/contracts';
import type { MailboxIds } from '../persistence/mailbox-ids';
import type { OofRepository } from './persistence/oof.repository';

export interface OofChange {
  state: OofSettings['state'];
  startTime?: string;
  endTime?: string;
  messages: Partial<OofSettings['messages']>;
}

/** Whether the settings answer mail at `now`. */
export function oofActive(
  settings: Pick<OofSettings, 'state' | 'startTime' | 'endTime'>,
  now: number,
): boolean {
  if (settings.state === 1) return true;
  if (settings.state !== 2 || !settings.startTime || !settings.endTime) return false;
  return Date.parse(settings.startTime) <= now && now < Date.parse(settings.endTime);
}

export class OofService {
  constructor(
    private readonly mailboxes: MailboxIds,
    private readonly repository: OofRepository,
    private readonly now: () => number = Date.now,
  ) {}

  async get(mailbox: string): Promise<OofSettings> {
    return this.repository.get((await this.mailboxes.ensure(mailbox)).id);
  }

  async set(mailbox: string, change: OofChange): Promise<OofSettings> {
    const id = (await this.mailboxes.ensure(mailbox)).id;
    const current = await this.repository.get(id);
    const settings: OofSettings = {
      state: change.state,
      // A window given with state 0 or 1 is kept for the next time-based absence.
      startTime: change.startTime ? new Date(change.startTime).toISOString() : current.startTime,
      endTime: change.endTime ? new Date(change.endTime).toISOString() : current.endTime,
      messages: { ...current.messages, ...change.messages },
    };
    await this.repository.set(id, settings);
    return settings;
  }

  async reply(mailbox: string, sender: string, internal: boolean): Promise<OofReplyReply> {
    const id = await this.mailboxes.require(mailbox);
    const settings = await this.repository.get(id);
    if (!oofActive(settings, this.now())) return { reply: false };
    let audience: OofAudience = 'internal';
    if (!internal)
      audience = (await this.repository.isContact(id, sender))
        ? 'externalKnown'
        : 'externalUnknown';
    const message = settings.messages[audience];
    if (!message.enabled || message.replyMessage.trim() === '') return { reply: false };
    if (!(await this.repository.claimReply(id, sender))) return { reply: false };
    return { reply: true, audience, message };
  }
}
