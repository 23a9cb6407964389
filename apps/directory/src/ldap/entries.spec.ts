import { parseFilter } from 'ldapjs';
import type { GroupRow, MailboxRow } from '../persistence/recipient.repository';
import {
  baseDnFor,
  dnLookup,
  escapeRdnValue,
  groupEntry,
  inScope,
  mailboxEntry,
  matchesFilter,
  type FilterNode,
} from './entries';

const BASE = 'dc=contoso,dc=com';
const pat: MailboxRow = {
  id: '1',
  userPrincipalName: 'pat@contoso.com',
  alias: 'pat',
  displayName: 'Pat Kim',
  passwordHash: '$argon2id$secret',
  isAdmin: false,
  easEnabled: true,
  accountDisabled: false,
  primarySmtpAddress: 'pat@contoso.com',
  addresses: ['pat@contoso.com', 'p.kim@contoso.com'],
  memberOf: ['all-staff@contoso.com'],
  givenName: 'Pat',
  surname: 'Kim',
  businessPhone: '+1 555 0100',
  mobilePhone: null,
};
const staff: GroupRow = {
  id: '2',
  alias: 'everyone',
  displayName: 'All staff',
  primarySmtpAddress: 'all-staff@contoso.com',
  addresses: ['all-staff@contoso.com'],
  members: [
    { kind: 'mailbox', address: 'pat@contoso.com', displayName: 'Pat Kim', alias: 'pat' },
    { kind: 'contact', address: 'x@fabrikam.com', displayName: 'X', alias: null },
  ],
  memberOf: [],
};
const dns = dnLookup(BASE, { mailboxes: [pat], groups: [staff] });
const filter = (text: string) => parseFilter(text) as unknown as FilterNode;

describe('LDAP entries', () => {
  it('derives the base DN from the default domain', () => {
    expect(baseDnFor('Contoso.com')).toBe('dc=contoso,dc=com');
    expect(baseDnFor('mail.example.co.uk')).toBe('dc=mail,dc=example,dc=co,dc=uk');
  });

  it('escapes RDN values', () => {
    expect(escapeRdnValue('a,b+c')).toBe('a\\,b\\+c');
    expect(escapeRdnValue(' #x ')).toBe('\\ #x\\ ');
  });

  it('maps a mailbox without any credential attribute', () => {
    const entry = mailboxEntry(pat, BASE, dns);
    expect(entry.dn).toBe('cn=pat,ou=users,dc=contoso,dc=com');
    expect(entry.attributes).toMatchObject({
      displayName: ['Pat Kim'],
      givenName: ['Pat'],
      sn: ['Kim'],
      mail: ['pat@contoso.com'],
      proxyAddresses: ['SMTP:pat@contoso.com', 'smtp:p.kim@contoso.com'],
      telephoneNumber: ['+1 555 0100'],
      memberOf: ['cn=everyone,ou=groups,dc=contoso,dc=com'],
    });
    expect(entry.attributes.mobile).toBeUndefined();
    expect(JSON.stringify(entry)).not.toContain('argon2');
  });

  it('maps a group with member DNs', () => {
    expect(groupEntry(staff, BASE, dns).attributes.member).toEqual([
      'cn=pat,ou=users,dc=contoso,dc=com',
      'cn=x@fabrikam.com,ou=contacts,dc=contoso,dc=com',
    ]);
  });

  it('matches filters case-insensitively', () => {
    const entry = mailboxEntry(pat, BASE, dns);
    expect(matchesFilter(filter('(mail=PAT*)'), entry)).toBe(true);
    expect(matchesFilter(filter('(sn=kim)'), entry)).toBe(true);
    expect(matchesFilter(filter('(displayName=*at*im)'), entry)).toBe(true);
    expect(matchesFilter(filter('(&(objectClass=user)(!(cn=pat)))'), entry)).toBe(false);
    expect(matchesFilter(filter('(|(mobile=*)(title=*))'), entry)).toBe(false);
    expect(matchesFilter(filter('(givenName=*)'), entry)).toBe(true);
  });

  it('applies search scopes', () => {
    const dn = 'cn=pat,ou=users,dc=contoso,dc=com';
    expect(inScope(dn, BASE, 'subtree')).toBe(true);
    expect(inScope(dn, BASE, 'single')).toBe(false);
    expect(inScope(dn, 'ou=users,dc=contoso,dc=com', 'single')).toBe(true);
    expect(inScope(dn, 'CN=Pat,OU=Users,DC=contoso,DC=com', 'base')).toBe(true);
    expect(inScope(dn, 'ou=groups,dc=contoso,dc=com', 'subtree')).toBe(false);
  });
});
