/**
 * The candidates for each name: the GAL's (Type 1) first, then the user's own contacts (Type 2)
 * with addresses the GAL did not give, at most `limit` + 1 (one more tells a partial list).
 */
import { ContactResolve, GalResolve, type GalEntry } from '@mail/contracts';
import type { EasContext } from '../command';

export interface Candidate {
  /** MS-ASCMD 2.2.3.186.2 Type: 1 a GAL recipient, 2 a contact of the user. */
  type: 1 | 2;
  displayName: string;
  emailAddress: string;
  /** What the GAL entry is; contacts have no free/busy or photo here. */
  kind?: GalEntry['kind'];
}

export async function candidates(
  context: EasContext,
  names: string[],
  limit: number,
): Promise<Candidate[][]> {
  const wanted = limit + 1;
  const [gal, contacts] = await Promise.all([
    context.bus.request(GalResolve, { names, maxAmbiguousRecipients: Math.min(wanted, 100) }),
    context.bus.request(ContactResolve, {
      mailbox: context.user.userPrincipalName,
      names,
      limit: Math.min(wanted, 100),
    }),
  ]);
  return names.map((_name, i) => {
    const fromGal: Candidate[] = gal.resolutions[i].recipients.map((r) => ({
      type: 1,
      displayName: r.displayName,
      emailAddress: r.emailAddress,
      kind: r.kind,
    }));
    const known = new Set(fromGal.map((c) => c.emailAddress.toLowerCase()));
    const fromContacts: Candidate[] = contacts.resolutions[i].contacts
      .filter((c) => !known.has(c.emailAddress.toLowerCase()))
      .map((c) => ({ type: 2, displayName: c.displayName, emailAddress: c.emailAddress }));
    return [...fromGal, ...fromContacts].slice(0, wanted);
  });
}
