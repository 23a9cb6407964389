/**
 * The Global Address List: users, groups and contacts found by a case-insensitive prefix of a
 * name, alias or address (EAS Search/ResolveRecipients/Find). Each branch's LIKE runs on a
 * `text_pattern_ops` index (migration 1764200000000) and every query is bounded.
 */
import type { DataSource } from 'typeorm';
import { GAL_MAX_MATCHES, type GalEntry } from '@mail/contracts';

type Match = 'prefix' | 'exact';

/** `%` and `_` typed by a user are literal characters in a prefix search. */
export const prefixPattern = (text: string) =>
  `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const ENTRY_COLUMNS = `kind, display_name AS "displayName", alias, email AS "emailAddress",
  given_name AS "firstName", surname AS "lastName", title, office, phone,
  mobile_phone AS "mobilePhone", home_phone AS "homePhone"`;

/**
 * One SELECT per recipient kind, each matching `$1` (a LIKE pattern or an exact address) and
 * each limited to `limit` rows in GAL order, so the union is bounded before it is sorted.
 */
function branches(match: Match, limit: number): string {
  const op = match === 'prefix' ? 'LIKE' : '=';
  const names = (table: string, columns: string[]) =>
    match === 'prefix' ? columns.map((c) => `lower(${table}.${c}) LIKE $1`).join(' OR ') : 'false';
  const addressOf = (kind: string) =>
    `SELECT recipient_id FROM directory.proxy_address WHERE address ${op} $1 AND recipient_kind = '${kind}'`;
  return `
    (SELECT 'mailbox' AS kind, u.display_name, u.alias, p.address AS email, u.given_name, u.surname,
            u.title, u.office, u.business_phone AS phone, u.mobile_phone, u.home_phone
       FROM directory.mailbox_user u
       JOIN directory.proxy_address p ON p.recipient_id = u.id AND p.is_primary
      WHERE ${names('u', ['display_name', 'given_name', 'surname', 'alias'])}
         OR u.id IN (${addressOf('mailbox')})
      ORDER BY lower(u.display_name), p.address LIMIT ${limit})
    UNION ALL
    (SELECT 'group', g.display_name, g.alias, p.address, NULL, NULL, NULL, NULL, NULL, NULL, NULL
       FROM directory.distribution_group g
       JOIN directory.proxy_address p ON p.recipient_id = g.id AND p.is_primary
      WHERE ${names('g', ['display_name', 'alias'])} OR g.id IN (${addressOf('group')})
      ORDER BY lower(g.display_name), p.address LIMIT ${limit})
    UNION ALL
    (SELECT 'contact', c.display_name, split_part(c.external_email_address, '@', 1),
            c.external_email_address, c.given_name, c.surname, NULL, NULL, NULL, NULL, NULL
       FROM directory.mail_contact c
      WHERE ${names('c', ['display_name', 'given_name', 'surname'])}
         OR c.external_email_address ${op} $1
      ORDER BY lower(c.display_name), c.external_email_address LIMIT ${limit})`;
}

/** Drops empty optional fields, so an entry carries only what the directory knows. */
function entry(row: Record<string, string | null>): GalEntry {
  return Object.fromEntries(
    Object.entries(row).filter(([, value]) => value !== null && value !== ''),
  ) as GalEntry;
}

export class GalRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether `userPrincipalName` is an enabled user (only they may read the GAL). */
  async isEnabledUser(userPrincipalName: string): Promise<boolean> {
    const [row] = await this.dataSource.query(
      'SELECT 1 AS found FROM directory.mailbox_user WHERE user_principal_name = $1 AND NOT account_disabled',
      [userPrincipalName.toLowerCase()],
    );
    return Boolean(row);
  }

  /**
   * Entries `start`..`end` (inclusive) of the prefix matches in display-name order, and how many
   * match, counted up to GAL_MAX_MATCHES.
   */
  async search(
    text: string,
    start: number,
    end: number,
  ): Promise<{ total: number; entries: GalEntry[] }> {
    const pattern = prefixPattern(text);
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM (${branches('prefix', GAL_MAX_MATCHES)}) hits`,
      [pattern],
    );
    const entries = await this.page('prefix', pattern, start, end - start + 1);
    return { total: Math.min(total, GAL_MAX_MATCHES), entries };
  }

  /** The first `limit` prefix matches, uncounted (ResolveRecipients needs no total). */
  prefix(text: string, limit: number): Promise<GalEntry[]> {
    return this.page('prefix', prefixPattern(text), 0, limit);
  }

  /** Recipients with exactly this address (any proxy address or a contact's address). */
  exact(address: string, limit: number): Promise<GalEntry[]> {
    return this.page('exact', address.toLowerCase(), 0, limit);
  }

  private async page(
    match: Match,
    value: string,
    offset: number,
    limit: number,
  ): Promise<GalEntry[]> {
    const rows = await this.dataSource.query(
      `SELECT ${ENTRY_COLUMNS} FROM (${branches(match, offset + limit)}) hits
        ORDER BY lower(display_name), email OFFSET ${offset} LIMIT ${limit}`,
      [value],
    );
    return rows.map(entry);
  }
}
