/**
 * The mailbox's contacts matching a name, and its calendar items overlapping a window. Both
 * read the class items' properties (jsonb); both are bounded by their limit.
 */
import type { DataSource } from 'typeorm';
import type { CalendarProperties, ResolvedContact } from '@mail/contracts';

/** `%` and `_` typed by a user are literal in a prefix match. */
const prefix = (text: string) => `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The address inside `Name <address>` or the text itself. */
const addressOf = (text: string) => (/<([^>]+)>/.exec(text)?.[1] ?? text).trim();

export class PeopleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Contacts with an address equal to `name`, else whose name or an address starts with it;
   * one candidate per address a contact has.
   */
  async contacts(mailboxId: string, name: string, limit: number): Promise<ResolvedContact[]> {
    const rows: Array<{ subject: string; emails: Array<string | null> }> =
      await this.dataSource.query(
        `SELECT subject, ARRAY[properties->>'Email1Address', properties->>'Email2Address',
                properties->>'Email3Address'] AS emails
           FROM mailbox.item
          WHERE mailbox_id = $1 AND item_class = 'Contacts'
            AND (lower(subject) LIKE $2 OR lower(properties->>'FirstName') LIKE $2
              OR lower(properties->>'LastName') LIKE $2
              OR lower(coalesce(to_recipients, '')) LIKE '%' || $2)
          ORDER BY lower(subject) LIMIT $3`,
        [mailboxId, prefix(name), limit],
      );
    const candidates = rows.flatMap((row) =>
      row.emails
        .filter((email): email is string => Boolean(email))
        .map((email) => ({
          displayName: row.subject || addressOf(email),
          emailAddress: addressOf(email),
        })),
    );
    const exact = candidates.filter((c) => c.emailAddress.toLowerCase() === name.toLowerCase());
    return (exact.length > 0 ? exact : candidates).slice(0, limit);
  }

  /** Calendar items that may overlap [from, to): started before `to`, last occurrence ends after `from`. */
  async calendar(
    mailboxId: string,
    from: Date,
    to: Date,
    limit: number,
  ): Promise<CalendarProperties[]> {
    const rows: Array<{ properties: CalendarProperties }> = await this.dataSource.query(
      `SELECT properties FROM mailbox.item
        WHERE mailbox_id = $1 AND item_class = 'Calendar' AND filter_date > $2
          AND (properties->>'StartTime')::timestamptz < $3
        LIMIT $4`,
      [mailboxId, from.toISOString(), to.toISOString(), limit],
    );
    return rows.map((r) => r.properties);
  }
}
