/**
 * The GAL as LDAP entries: pure mapping from directory rows to `{ dn, attributes }` and the
 * filter and scope tests a search applies. Only address-book attributes are ever produced, so
 * a password hash or any other credential cannot reach a client whatever it asks for.
 */
import * as ldap from 'ldapjs';
import type { ContactRow, GroupRow, MailboxRow } from '../persistence/recipient.repository';

export interface LdapEntry {
  dn: string;
  attributes: Record<string, string[]>;
}

/** contoso.com -> dc=contoso,dc=com */
export function baseDnFor(domain: string): string {
  return domain
    .toLowerCase()
    .split('.')
    .map((label) => `dc=${label}`)
    .join(',');
}

/** RFC 4514 escaping of an attribute value inside an RDN. */
export function escapeRdnValue(value: string): string {
  return value
    .replace(/[\\,+"<>;=]/g, (c) => `\\${c}`)
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ');
}

const dnIn = (ou: string, cn: string, base: string) => `cn=${escapeRdnValue(cn)},ou=${ou},${base}`;
const localPart = (address: string) => address.split('@')[0];

/** Where each recipient address lives in the tree; unknown addresses fall back to their alias. */
export interface DnLookup {
  group(address: string): string;
  member(kind: GroupRow['members'][number]['kind'], address: string): string;
}

export function dnLookup(
  base: string,
  known: { mailboxes: MailboxRow[]; groups: GroupRow[] },
): DnLookup {
  const byAddress = new Map<string, string>();
  for (const m of known.mailboxes)
    for (const a of m.addresses) byAddress.set(a, dnIn('users', m.alias, base));
  for (const g of known.groups)
    for (const a of g.addresses) byAddress.set(a, dnIn('groups', g.alias, base));
  return {
    group: (address) => byAddress.get(address) ?? dnIn('groups', localPart(address), base),
    member: (kind, address) =>
      kind === 'contact'
        ? dnIn('contacts', address, base)
        : (byAddress.get(address) ??
          dnIn(kind === 'group' ? 'groups' : 'users', localPart(address), base)),
  };
}

/** SMTP: marks the primary address, smtp: the others (Exchange's proxyAddresses form). */
export function proxyAddresses(primary: string, all: string[]): string[] {
  return all.map((a) => (a === primary ? `SMTP:${a}` : `smtp:${a}`));
}

/** Drops empty values: LDAP has no empty attribute, only an absent one. */
function attributes(values: Record<string, Array<string | null | undefined>>) {
  const out: Record<string, string[]> = {};
  for (const [name, list] of Object.entries(values)) {
    const kept = list.filter((v): v is string => typeof v === 'string' && v !== '');
    if (kept.length) out[name] = kept;
  }
  return out;
}

export function mailboxEntry(row: MailboxRow, base: string, dns: DnLookup): LdapEntry {
  return {
    dn: dnIn('users', row.alias, base),
    attributes: attributes({
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      cn: [row.alias],
      displayName: [row.displayName],
      givenName: [row.givenName],
      sn: [row.surname],
      mail: [row.primarySmtpAddress],
      proxyAddresses: proxyAddresses(row.primarySmtpAddress, row.addresses),
      telephoneNumber: [row.businessPhone],
      mobile: [row.mobilePhone],
      title: [row.title],
      department: [row.department],
      physicalDeliveryOfficeName: [row.office],
      memberOf: row.memberOf.map((a) => dns.group(a)),
    }),
  };
}

export function groupEntry(row: GroupRow, base: string, dns: DnLookup): LdapEntry {
  return {
    dn: dnIn('groups', row.alias, base),
    attributes: attributes({
      objectClass: ['top', 'group'],
      cn: [row.alias],
      displayName: [row.displayName],
      mail: [row.primarySmtpAddress],
      proxyAddresses: proxyAddresses(row.primarySmtpAddress, row.addresses),
      member: row.members.map((m) =>
        m.alias
          ? dnIn(m.kind === 'group' ? 'groups' : 'users', m.alias, base)
          : dns.member(m.kind, m.address),
      ),
      memberOf: row.memberOf.map((a) => dns.group(a)),
    }),
  };
}

export function contactEntry(row: ContactRow, base: string, dns: DnLookup): LdapEntry {
  return {
    dn: dnIn('contacts', row.externalEmailAddress, base),
    attributes: attributes({
      objectClass: ['top', 'person', 'organizationalPerson', 'contact'],
      cn: [row.externalEmailAddress],
      displayName: [row.displayName],
      givenName: [row.givenName],
      sn: [row.surname],
      mail: [row.externalEmailAddress],
      memberOf: row.memberOf.map((a) => dns.group(a)),
    }),
  };
}

/** The base entry and the three containers, so clients can browse the tree. */
export function containerEntries(base: string): LdapEntry[] {
  const dc = base.split(',')[0].slice(3);
  return [
    { dn: base, attributes: { objectClass: ['top', 'domain'], dc: [dc] } },
    ...['users', 'groups', 'contacts'].map((ou) => ({
      dn: `ou=${ou},${base}`,
      attributes: { objectClass: ['top', 'organizationalUnit'], ou: [ou] },
    })),
  ];
}

/** @ldapjs/dn's v3 API (the @types package still describes v2). */
export interface ParsedDn {
  toString(): string;
  parent(): ParsedDn | undefined;
  rdnAt(index: number): { getValue(name: string): unknown } | undefined;
}
export const parseDn = (dn: string): ParsedDn =>
  (ldap as unknown as { DN: { fromString(dn: string): ParsedDn } }).DN.fromString(dn);

const normal = (dn: string) => parseDn(dn).toString().toLowerCase();

export type Scope = 'base' | 'single' | 'subtree';

/** Whether an entry is inside a search's base and scope. */
export function inScope(entryDn: string, searchBase: string, scope: Scope): boolean {
  const entry = parseDn(entryDn);
  const target = normal(searchBase);
  if (scope === 'base') return entry.toString().toLowerCase() === target;
  if (scope === 'single') return entry.parent()?.toString().toLowerCase() === target;
  const key = entry.toString().toLowerCase();
  return key === target || target === '' || key.endsWith(`,${target}`);
}

/** The parts of an @ldapjs/filter object this evaluator reads. */
export interface FilterNode {
  type: string;
  attribute?: string;
  value?: unknown;
  initial?: string;
  any?: string[];
  final?: string;
  clauses?: FilterNode[];
  filter?: FilterNode;
}

/**
 * LDAP matching for the directory string attributes here is case-insensitive
 * (caseIgnoreMatch); @ldapjs/filter compares case-sensitively, so the tree is evaluated here.
 * Unsupported filter types (extensible, ordering) match nothing rather than everything.
 */
export function matchesFilter(filter: FilterNode, entry: LdapEntry): boolean {
  const values = () => {
    const name = (filter.attribute ?? '').toLowerCase();
    const found = Object.entries(entry.attributes).find(([key]) => key.toLowerCase() === name);
    return (found?.[1] ?? []).map((v) => v.toLowerCase());
  };
  const text = (value: unknown) => String(value ?? '').toLowerCase();
  switch (filter.type) {
    case 'AndFilter':
      return (filter.clauses ?? []).every((c) => matchesFilter(c, entry));
    case 'OrFilter':
      return (filter.clauses ?? []).some((c) => matchesFilter(c, entry));
    case 'NotFilter': {
      const inner = filter.filter ?? filter.clauses?.[0];
      return inner ? !matchesFilter(inner, entry) : false;
    }
    case 'PresenceFilter':
      return values().length > 0;
    case 'EqualityFilter':
    case 'ApproximateFilter':
      return values().includes(text(filter.value));
    case 'SubstringFilter':
      return values().some((v) => substringMatch(v, filter));
    default:
      return false;
  }
}

function substringMatch(value: string, filter: FilterNode): boolean {
  let at = 0;
  if (filter.initial) {
    if (!value.startsWith(filter.initial.toLowerCase())) return false;
    at = filter.initial.length;
  }
  for (const part of filter.any ?? []) {
    const found = value.indexOf(part.toLowerCase(), at);
    if (found < 0) return false;
    at = found + part.length;
  }
  return !filter.final || value.slice(at).endsWith(filter.final.toLowerCase());
}
