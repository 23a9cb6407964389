/** Shapes the directory's rows into the contract's recipients; never includes a password hash. */
import type { Contact, Group, Mailbox } from '@mail/contracts';
import type { ContactRow, GroupRow, MailboxRow } from '../persistence/recipient.repository';

/** Exchange's notation: the primary address as `SMTP:`, the others as `smtp:`. */
export function proxyAddresses(primary: string, all: string[]): string[] {
  return [`SMTP:${primary}`, ...all.filter((a) => a !== primary).map((a) => `smtp:${a}`)];
}

const optional = (value: string | null | undefined) => value ?? undefined;

export function mailboxView(row: MailboxRow): Mailbox {
  return {
    userPrincipalName: row.userPrincipalName,
    primarySmtpAddress: row.primarySmtpAddress,
    alias: row.alias,
    displayName: row.displayName,
    givenName: optional(row.givenName),
    surname: optional(row.surname),
    title: optional(row.title),
    department: optional(row.department),
    office: optional(row.office),
    businessPhone: optional(row.businessPhone),
    mobilePhone: optional(row.mobilePhone),
    homePhone: optional(row.homePhone),
    proxyAddresses: proxyAddresses(row.primarySmtpAddress, row.addresses),
    easEnabled: row.easEnabled,
    isAdmin: row.isAdmin,
    accountDisabled: row.accountDisabled,
    memberOf: row.memberOf,
  };
}

export function groupView(row: GroupRow): Group {
  return {
    primarySmtpAddress: row.primarySmtpAddress,
    alias: row.alias,
    displayName: row.displayName,
    proxyAddresses: proxyAddresses(row.primarySmtpAddress, row.addresses),
    members: row.members.map(({ kind, address, displayName }) => ({ kind, address, displayName })),
    memberOf: row.memberOf,
  };
}

export function contactView(row: ContactRow): Contact {
  return {
    externalEmailAddress: row.externalEmailAddress,
    displayName: row.displayName,
    givenName: optional(row.givenName),
    surname: optional(row.surname),
    memberOf: row.memberOf,
  };
}
