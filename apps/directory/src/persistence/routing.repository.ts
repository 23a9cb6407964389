/**
 * The lookups hub transport routes mail with: many addresses resolved in one query, and a
 * group's members flattened through nested groups. Both read the recipient tables the
 * recipient repository writes; nothing here changes them.
 */
import type { DataSource } from 'typeorm';
import type { ExpandedMember, ResolvedRecipient } from '@mail/contracts';
import { addressesOf } from './recipient-rows';

interface OwnerRow {
  address: string;
  kind: 'mailbox' | 'group' | 'contact';
  id: string;
  display_name: string;
  user_principal_name: string | null;
  account_disabled: boolean | null;
  external_email_address: string | null;
}

export class RoutingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The recipient owning each address (a proxy address, a contact's, or a user's UPN). */
  async resolveMany(addresses: string[]): Promise<ResolvedRecipient[]> {
    const asked = [...new Set(addresses.map((a) => a.toLowerCase()))];
    const rows: OwnerRow[] = await this.dataSource.query(
      `WITH asked(address) AS (SELECT unnest($1::text[])),
       owners AS (
         SELECT a.address, p.recipient_kind AS kind, p.recipient_id AS id
           FROM asked a JOIN directory.proxy_address p ON p.address = a.address
         UNION ALL
         SELECT a.address, 'contact', c.id
           FROM asked a JOIN directory.mail_contact c ON c.external_email_address = a.address
         UNION ALL
         -- A user keeps signing in with the UPN even when it is no longer one of the addresses.
         SELECT a.address, 'mailbox', u.id FROM asked a
           JOIN directory.mailbox_user u ON u.user_principal_name = a.address
          WHERE NOT EXISTS (SELECT 1 FROM directory.proxy_address p WHERE p.address = a.address)
       )
       SELECT DISTINCT ON (o.address) o.address, o.kind, o.id,
              coalesce(u.display_name, g.display_name, c.display_name) AS display_name,
              u.user_principal_name, u.account_disabled, c.external_email_address
         FROM owners o
         LEFT JOIN directory.mailbox_user u ON o.kind = 'mailbox' AND u.id = o.id
         LEFT JOIN directory.distribution_group g ON o.kind = 'group' AND g.id = o.id
         LEFT JOIN directory.mail_contact c ON o.kind = 'contact' AND c.id = o.id
        ORDER BY o.address`,
      [asked],
    );
    const addressBook = await addressesOf(
      this.dataSource,
      rows.filter((row) => row.kind !== 'contact').map((row) => row.id),
    );
    const found = new Map(rows.map((row) => [row.address, row]));
    return addresses.map((address): ResolvedRecipient => {
      const row = found.get(address.toLowerCase());
      if (!row) return { address, kind: null };
      if (row.kind === 'contact')
        return {
          address,
          kind: 'contact',
          externalEmailAddress: row.external_email_address!,
          displayName: row.display_name,
        };
      const book = addressBook.get(row.id)!;
      if (row.kind === 'group')
        return {
          address,
          kind: 'group',
          primarySmtpAddress: book.primary,
          displayName: row.display_name,
        };
      return {
        address,
        kind: 'mailbox',
        primarySmtpAddress: book.primary,
        userPrincipalName: row.user_principal_name!,
        displayName: row.display_name,
        proxyAddresses: book.all,
        accountDisabled: row.account_disabled === true,
      };
    });
  }

  /**
   * The mailboxes and contacts inside a group, nested groups opened; UNION (not UNION ALL)
   * visits each group once, so a loop that slipped into the data cannot recurse forever.
   * At most `limit` members; `truncated` says there were more.
   */
  async expandGroup(
    groupId: string,
    limit: number,
  ): Promise<{ members: ExpandedMember[]; truncated: boolean }> {
    const rows: Array<{ kind: 'mailbox' | 'contact'; address: string; upn: string | null }> =
      await this.dataSource.query(
        `WITH RECURSIVE inside(id, kind) AS (
           SELECT $1::uuid, 'group'::text
           UNION
           SELECT m.member_id, m.member_kind FROM directory.group_member m
             JOIN inside i ON i.kind = 'group' AND m.group_id = i.id
         )
         SELECT 'mailbox' AS kind, p.address, u.user_principal_name AS upn FROM inside i
           JOIN directory.mailbox_user u ON i.kind = 'mailbox' AND u.id = i.id
           JOIN directory.proxy_address p ON p.recipient_id = u.id AND p.is_primary
         UNION ALL
         SELECT 'contact', c.external_email_address, NULL FROM inside i
           JOIN directory.mail_contact c ON i.kind = 'contact' AND c.id = i.id
         ORDER BY 2 LIMIT $2`,
        [groupId, limit + 1],
      );
    return {
      members: rows
        .slice(0, limit)
        .map((row) =>
          row.kind === 'mailbox'
            ? { kind: 'mailbox', primarySmtpAddress: row.address, userPrincipalName: row.upn! }
            : { kind: 'contact', externalEmailAddress: row.address },
        ),
      truncated: rows.length > limit,
    };
  }
}
