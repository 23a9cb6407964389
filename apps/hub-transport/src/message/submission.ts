/**
 * What transport reads from a message's header at receipt, and the rules for a message a
 * signed-in user submits (port 587, or EAS through CAS): every From address must be one of
 * the user's own, Bcc is removed so recipients never see it, and a submission through CAS
 * without From gets the user's (RFC 6409 8.1 lets a submission server complete the header).
 */
import {
  addressesIn,
  countFields,
  firstValue,
  parseHeaderSection,
  withoutFields,
  type HeaderSection,
} from './header-section';

export interface HeaderFacts {
  /** Received fields so far: the hop count, for loop detection. */
  hops: number;
  hasMessageId: boolean;
  hasDate: boolean;
}

export function headerFacts(section: HeaderSection): HeaderFacts {
  return {
    hops: countFields(section, 'received'),
    hasMessageId: firstValue(section, 'message-id') !== undefined,
    hasDate: firstValue(section, 'date') !== undefined,
  };
}

export interface Submitter {
  displayName: string;
  /** Primary SMTP address first. */
  addresses: string[];
}

export type Submitted =
  { ok: true; mime: Buffer; section: HeaderSection } | { ok: false; sender: string };

/** A display name safe in a quoted-string. */
const quoted = (name: string) => `"${name.replace(/[\\"\r\n]/g, ' ')}"`;

export function applySubmissionRules(
  mime: Buffer,
  user: Submitter,
  options: { addMissingFrom: boolean },
): Submitted {
  const section = parseHeaderSection(mime);
  const from = addressesIn(section, ['from', 'sender']);
  const foreign = from.find((a) => !user.addresses.includes(a.address));
  if (foreign) return { ok: false, sender: foreign.address };
  let out = withoutFields(mime, section, ['bcc']);
  if (from.length === 0 && options.addMissingFrom) {
    const header = `From: ${quoted(user.displayName)} <${user.addresses[0]}>\r\n`;
    out = Buffer.concat([Buffer.from(header, 'utf8'), out]);
  }
  return out === mime
    ? { ok: true, mime, section }
    : { ok: true, mime: out, section: parseHeaderSection(out) };
}
