/**
 * What a mailbox tells about people for EAS ResolveRecipients: the user's own contacts that
 * match a name (`mailbox.contact.resolve`), and a user's busy times from their calendar, with
 * recurring appointments expanded (`mailbox.free-busy.get`, MS-ASCMD Availability).
 */
import { z } from 'zod';
import { request } from '../bus/subject';
import { MailboxName } from './folders';

/** At most this many names at once (ResolveRecipients To) and candidates per name. */
export const RESOLVE_MAX_NAMES = 100;
export const RESOLVE_MAX_CANDIDATES = 100;
/** The longest free/busy window: MergedFreeBusy has one digit per 30 minutes. */
export const FREE_BUSY_MAX_DAYS = 62;
/** Busy intervals returned at most; a window of 62 days rarely holds more. */
export const FREE_BUSY_MAX_INTERVALS = 5000;

const When = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

export const ContactResolveRequest = z.object({
  mailbox: MailboxName,
  names: z.array(z.string().trim().min(1).max(256)).min(1).max(RESOLVE_MAX_NAMES),
  limit: z.number().int().min(1).max(RESOLVE_MAX_CANDIDATES).default(20),
});
export interface ResolvedContact {
  displayName: string;
  emailAddress: string;
}
export interface ContactResolveReply {
  /** One per name, in order: contacts with an address equal to the name or a name or address starting with it. */
  resolutions: Array<{ name: string; contacts: ResolvedContact[] }>;
}

export const FreeBusyRequest = z
  .object({ mailbox: MailboxName, start: When, end: When })
  .refine((r) => Date.parse(r.start) < Date.parse(r.end), {
    message: 'must be before end',
    path: ['start'],
  })
  .refine((r) => Date.parse(r.end) - Date.parse(r.start) <= FREE_BUSY_MAX_DAYS * 86_400_000, {
    message: `the window is at most ${FREE_BUSY_MAX_DAYS} days`,
    path: ['end'],
  });
export interface BusyInterval {
  start: string;
  end: string;
  /** MS-ASCAL BusyStatus: 0 free, 1 tentative, 2 busy, 3 out of office, 4 working elsewhere. */
  busyStatus: 0 | 1 | 2 | 3 | 4;
}

export const ContactResolve = request<z.input<typeof ContactResolveRequest>, ContactResolveReply>(
  'mailbox',
  'contact',
  'resolve',
);
export const FreeBusyGet = request<z.input<typeof FreeBusyRequest>, { intervals: BusyInterval[] }>(
  'mailbox',
  'free-busy',
  'get',
);
