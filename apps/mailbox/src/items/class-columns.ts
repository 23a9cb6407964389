/**
 * The item columns a calendar, contact, task, note or SMS item's properties decide: what search
 * indexes (subject, sender, recipients, body text), the date EAS's FilterType compares, task
 * completion, and the size counted against the quota. Pure: properties in, columns out.
 */
import { htmlToText } from 'html-to-text';
import {
  BODY_TYPE,
  MESSAGE_CLASS_OF,
  type CalendarProperties,
  type ClassBody,
  type ClassItem,
  type ContactProperties,
} from '@mail/contracts';
import { previewOf } from '../delivery/parse-message';

export interface ClassColumns {
  subject: string;
  sender: string | null;
  toRecipients: string | null;
  bodyText: string;
  preview: string;
  messageClass: string;
  importance: 0 | 1 | 2;
  categories: string[];
  /** ISO date-time, or 'infinity' for "always inside any window". */
  filterDate: string;
  complete: boolean;
  /** Set only for SMS, whose properties say when it was received. */
  dateReceived: string | null;
  /** Bytes of the properties as JSON. */
  size: number;
}

const DAY_MS = 86_400_000;
/** The longest a recurrence step can be, per MS-ASCAL Type: an upper bound for the last end. */
const STEP_DAYS: Record<number, number> = { 0: 1, 1: 7, 2: 31, 3: 31, 5: 366, 6: 366 };

/** The plain text of a class body, for search and the preview; RTF has none we can read. */
export function bodyTextOf(body: ClassBody | undefined): string {
  if (!body) return '';
  if (body.Type === BODY_TYPE.text) return body.Data;
  if (body.Type === BODY_TYPE.html) return htmlToText(body.Data, { wordwrap: false });
  return '';
}

const person = (name: string | undefined, email: string | undefined) =>
  name && email ? `${name} <${email}>` : (name ?? email ?? null);

/**
 * When the appointment's last occurrence ends: EndTime alone, or an upper bound for a series
 * (Until, or Occurrences steps of the longest length its Type allows), later if an exception
 * moved an occurrence past it; 'infinity' for a series without end.
 */
export function lastEndOf(p: CalendarProperties): string {
  const start = Date.parse(p.StartTime);
  const end = Date.parse(p.EndTime);
  let last = end;
  const recurrence = p.Recurrence;
  if (recurrence) {
    if (recurrence.Until) last = Math.max(end, Date.parse(recurrence.Until) + (end - start));
    else if (recurrence.Occurrences) {
      const step = STEP_DAYS[recurrence.Type] * Math.max(1, recurrence.Interval ?? 1) * DAY_MS;
      last = end + recurrence.Occurrences * step;
    } else return 'infinity';
  }
  for (const exception of p.Exceptions ?? [])
    if (exception.EndTime) last = Math.max(last, Date.parse(exception.EndTime));
  return new Date(last).toISOString();
}

function contactSubject(p: ContactProperties): string {
  const name = [p.FirstName, p.MiddleName, p.LastName].filter(Boolean).join(' ');
  return p.FileAs || name || p.CompanyName || p.Email1Address || '';
}

export function classColumns(item: ClassItem, now: Date): ClassColumns {
  const p = item.properties;
  const bodyText = bodyTextOf(p.Body);
  const base = {
    subject: '',
    sender: null as string | null,
    toRecipients: null as string | null,
    bodyText,
    preview: previewOf(bodyText),
    messageClass: MESSAGE_CLASS_OF[item.class],
    importance: 1 as 0 | 1 | 2,
    categories: p.Categories ?? [],
    filterDate: now.toISOString(),
    complete: false,
    dateReceived: null as string | null,
    size: Buffer.byteLength(JSON.stringify(p)),
  };
  switch (item.class) {
    case 'Calendar': {
      const c = item.properties;
      const attendees = (c.Attendees ?? []).map((a) => person(a.Name, a.Email)).join(', ');
      return {
        ...base,
        subject: c.Subject ?? '',
        sender: person(c.OrganizerName, c.OrganizerEmail),
        toRecipients: attendees || null,
        bodyText: [c.Location, bodyText].filter(Boolean).join('\n'),
        filterDate: lastEndOf(c),
      };
    }
    case 'Contacts': {
      const c = item.properties;
      const emails = [c.Email1Address, c.Email2Address, c.Email3Address].filter(Boolean);
      const details = [c.CompanyName, c.JobTitle, c.Department, c.MobilePhoneNumber, c.NickName];
      return {
        ...base,
        subject: contactSubject(c),
        toRecipients: emails.join(', ') || null,
        bodyText: [...details, bodyText].filter(Boolean).join('\n'),
      };
    }
    case 'Tasks': {
      const t = item.properties;
      return {
        ...base,
        subject: t.Subject ?? '',
        importance: t.Importance ?? 1,
        filterDate: t.UtcDueDate ?? t.DueDate ?? 'infinity',
        complete: t.Complete === 1,
      };
    }
    case 'Notes': {
      const n = item.properties;
      return {
        ...base,
        subject: n.Subject ?? '',
        messageClass: n.MessageClass ?? base.messageClass,
      };
    }
    case 'SMS': {
      const s = item.properties;
      return {
        ...base,
        sender: s.From ?? null,
        toRecipients: s.To ?? null,
        importance: s.Importance ?? 1,
        filterDate: s.DateReceived,
        dateReceived: s.DateReceived,
      };
    }
  }
}
