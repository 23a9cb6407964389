/**
 * Turns pages of recipient rows into the repository's shapes, loading their addresses,
 * memberships and members with one query each whatever the page size (no query per row).
 */
import type { DataSource } from 'typeorm';

export type RecipientKind = 'mailbox' | 'group' | 'contact';

export interface PersonFields {
  givenName?: string | null;
  surname?: string | null;
  title?: string | null;
  department?: string | null;
  office?: string | null;
  businessPhone?: string | null;
  mobilePhone?: string | null;
  homePhone?: string | null;
}

export interface MailboxRow extends PersonFields {
  id: string;
  userPrincipalName: string;
  alias: string;
  displayName: string;
  passwordHash: string | null;
  isAdmin: boolean;
  easEnabled: boolean;
  accountDisabled: boolean;
  primarySmtpAddress: string;
  addresses: string[];
  memberOf: string[];
}

export interface GroupRow {
  id: string;
  alias: string;
  displayName: string;
  primarySmtpAddress: string;
  addresses: string[];
  /** `alias` names the member's directory entry (its LDAP cn); contacts have none. */
  members: Array<{
    kind: RecipientKind;
    address: string;
    displayName: string;
    alias: string | null;
  }>;
  memberOf: string[];
}

export interface ContactRow {
  id: string;
  externalEmailAddress: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  memberOf: string[];
}

export const PERSON_COLUMNS: Array<[keyof PersonFields, string]> = [
  ['givenName', 'given_name'],
  ['surname', 'surname'],
  ['title', 'title'],
  ['department', 'department'],
  ['office', 'office'],
  ['businessPhone', 'business_phone'],
  ['mobilePhone', 'mobile_phone'],
  ['homePhone', 'home_phone'],
];

/** Addresses of many recipients in one query: the primary first, then the rest by address. */
export async function addressesOf(
  dataSource: DataSource,
  ids: string[],
): Promise<Map<string, { primary: string; all: string[] }>> {
  const rows: Array<{ id: string; address: string; is_primary: boolean }> = await dataSource.query(
    `SELECT recipient_id AS id, address, is_primary FROM directory.proxy_address
      WHERE recipient_id = ANY($1::uuid[]) ORDER BY is_primary DESC, address`,
    [ids],
  );
  const byId = new Map(ids.map((id) => [id, { primary: '', all: [] as string[] }]));
  for (const row of rows) {
    const entry = byId.get(row.id)!;
    if (row.is_primary) entry.primary = row.address;
    entry.all.push(row.address);
  }
  return byId;
}

/** Primary addresses of the groups each recipient belongs to, in one query. */
export async function groupsOfMembers(
  dataSource: DataSource,
  ids: string[],
): Promise<Map<string, string[]>> {
  const rows: Array<{ id: string; address: string }> = await dataSource.query(
    `SELECT m.member_id AS id, p.address FROM directory.group_member m
       JOIN directory.proxy_address p ON p.recipient_id = m.group_id AND p.is_primary
     WHERE m.member_id = ANY($1::uuid[]) ORDER BY p.address`,
    [ids],
  );
  const byId = new Map(ids.map((id) => [id, [] as string[]]));
  for (const row of rows) byId.get(row.id)!.push(row.address);
  return byId;
}

export async function mailboxesFromRows(
  dataSource: DataSource,
  rows: Array<Record<string, unknown>>,
): Promise<MailboxRow[]> {
  const ids = rows.map((row) => row.id as string);
  const [addresses, memberOf] = [
    await addressesOf(dataSource, ids),
    await groupsOfMembers(dataSource, ids),
  ];
  return rows.map((row) => {
    const id = row.id as string;
    const person = Object.fromEntries(
      PERSON_COLUMNS.map(([field, column]) => [field, (row[column] as string | null) ?? null]),
    );
    return {
      id,
      userPrincipalName: row.user_principal_name as string,
      alias: row.alias as string,
      displayName: row.display_name as string,
      passwordHash: row.password_hash as string | null,
      isAdmin: row.is_admin as boolean,
      easEnabled: row.eas_enabled as boolean,
      accountDisabled: row.account_disabled as boolean,
      primarySmtpAddress: addresses.get(id)!.primary,
      addresses: addresses.get(id)!.all,
      memberOf: memberOf.get(id)!,
      ...person,
    };
  });
}

export async function groupsFromRows(
  dataSource: DataSource,
  rows: Array<Record<string, unknown>>,
): Promise<GroupRow[]> {
  const ids = rows.map((row) => row.id as string);
  const [addresses, memberOf] = [
    await addressesOf(dataSource, ids),
    await groupsOfMembers(dataSource, ids),
  ];
  const members: Array<{
    groupId: string;
    kind: RecipientKind;
    address: string;
    displayName: string;
    alias: string | null;
  }> = await dataSource.query(
    `SELECT m.group_id AS "groupId", m.member_kind AS kind,
            coalesce(p.address, c.external_email_address) AS address,
            coalesce(u.display_name, g.display_name, c.display_name) AS "displayName",
            coalesce(u.alias, g.alias) AS alias
       FROM directory.group_member m
       LEFT JOIN directory.proxy_address p ON p.recipient_id = m.member_id AND p.is_primary
       LEFT JOIN directory.mailbox_user u ON u.id = m.member_id
       LEFT JOIN directory.distribution_group g ON g.id = m.member_id
       LEFT JOIN directory.mail_contact c ON c.id = m.member_id
      WHERE m.group_id = ANY($1::uuid[]) ORDER BY 4, 3`,
    [ids],
  );
  return rows.map((row) => {
    const id = row.id as string;
    return {
      id,
      alias: row.alias as string,
      displayName: row.display_name as string,
      primarySmtpAddress: addresses.get(id)!.primary,
      addresses: addresses.get(id)!.all,
      members: members
        .filter((m) => m.groupId === id)
        .map(({ kind, address, displayName, alias }) => ({ kind, address, displayName, alias })),
      memberOf: memberOf.get(id)!,
    };
  });
}

export async function contactsFromRows(
  dataSource: DataSource,
  rows: Array<Record<string, unknown>>,
): Promise<ContactRow[]> {
  const memberOf = await groupsOfMembers(
    dataSource,
    rows.map((row) => row.id as string),
  );
  return rows.map((row) => ({
    id: row.id as string,
    externalEmailAddress: row.external_email_address as string,
    displayName: row.display_name as string,
    givenName: (row.given_name as string | null) ?? null,
    surname: (row.surname as string | null) ?? null,
    memberOf: memberOf.get(row.id as string)!,
  }));
}
