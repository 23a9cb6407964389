/**
 * Out of office (EAS Settings Oof, MS-ASCMD 2.2.3.119): the mailbox keeps each user's state,
 * time window and one reply per audience; hub transport asks, for each local delivery, whether
 * the recipient answers this sender now and with what (`mailbox.oof.reply`), which also records
 * the sender so a period of absence answers each sender once (RFC 3834 section 2).
 */
import { z } from 'zod';
import { request } from '../bus/subject';
import { SmtpAddress } from '../directory/values';
import { MailboxName } from './folders';

/** Settings OofState: 0 off, 1 on, 2 on inside StartTime..EndTime. */
export const OOF_STATES = [0, 1, 2] as const;
export type OofState = (typeof OOF_STATES)[number];
/** Who a reply is for (AppliesToInternal, AppliesToExternalKnown, AppliesToExternalUnknown). */
export const OOF_AUDIENCES = ['internal', 'externalKnown', 'externalUnknown'] as const;
export type OofAudience = (typeof OOF_AUDIENCES)[number];
/** The longest reply kept; a reply is a short note, not a document. */
export const OOF_MAX_MESSAGE_CHARS = 64 * 1024;

const When = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

export const OofMessage = z.object({
  enabled: z.boolean(),
  replyMessage: z.string().max(OOF_MAX_MESSAGE_CHARS, 'reply too long'),
  bodyType: z.enum(['Text', 'HTML']),
});
export type OofMessage = z.infer<typeof OofMessage>;

export interface OofSettings {
  state: OofState;
  startTime: string | null;
  endTime: string | null;
  messages: Record<OofAudience, OofMessage>;
}

export const OofGetRequest = z.object({ mailbox: MailboxName });
export const OofSetRequest = z
  .object({
    mailbox: MailboxName,
    state: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    startTime: When.optional(),
    endTime: When.optional(),
    /** Audiences left out keep their reply. */
    messages: z.partialRecord(z.enum(OOF_AUDIENCES), OofMessage).default({}),
  })
  .refine((r) => r.state !== 2 || (r.startTime !== undefined && r.endTime !== undefined), {
    message: 'a time-based absence needs startTime and endTime',
    path: ['startTime'],
  })
  .refine((r) => !r.startTime || !r.endTime || Date.parse(r.startTime) < Date.parse(r.endTime), {
    message: 'must be before endTime',
    path: ['startTime'],
  });

export const OofReplyRequest = z.object({
  mailbox: MailboxName,
  /** The envelope sender of the delivered message. */
  sender: SmtpAddress,
  /** Whether the sender is a recipient of this organization (transport knows, mailbox does not). */
  internal: z.boolean(),
});
export type OofReplyReply =
  { reply: false } | { reply: true; audience: OofAudience; message: OofMessage };

export const OofGet = request<z.input<typeof OofGetRequest>, OofSettings>('mailbox', 'oof', 'get');
export const OofSet = request<z.input<typeof OofSetRequest>, OofSettings>('mailbox', 'oof', 'set');
/** Whether to answer this sender now; a `reply: true` answer is given once per sender and absence. */
export const OofReply = request<z.input<typeof OofReplyRequest>, OofReplyReply>(
  'mailbox',
  'oof',
  'reply',
);
