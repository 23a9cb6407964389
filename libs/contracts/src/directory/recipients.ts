/**
 * Recipients (Exchange's mail-enabled objects): users with mailboxes, distribution groups and
 * mail contacts. Each has one primary SMTP address and any number of proxy addresses, unique
 * across all recipients; in Exchange's notation the primary is `SMTP:` and the others `smtp:`.
 */
import { z } from 'zod';
import { event, request } from '../bus/subject';
import { DisplayName, OptionalText, Paging, Password, PhoneNumber, SmtpAddress } from './values';

const Person = {
  givenName: OptionalText,
  surname: OptionalText,
  title: OptionalText,
  department: OptionalText,
  office: OptionalText,
  businessPhone: PhoneNumber,
  mobilePhone: PhoneNumber,
  homePhone: PhoneNumber,
};

export const Mailbox = z.object({
  userPrincipalName: z.string(),
  primarySmtpAddress: z.string(),
  alias: z.string(),
  displayName: z.string(),
  givenName: z.string().optional(),
  surname: z.string().optional(),
  title: z.string().optional(),
  department: z.string().optional(),
  office: z.string().optional(),
  businessPhone: z.string().optional(),
  mobilePhone: z.string().optional(),
  homePhone: z.string().optional(),
  /** `SMTP:primary@...` first, then `smtp:secondary@...`. */
  proxyAddresses: z.array(z.string()),
  easEnabled: z.boolean(),
  isAdmin: z.boolean(),
  accountDisabled: z.boolean(),
  memberOf: z.array(z.string()),
});
export type Mailbox = z.infer<typeof Mailbox>;

export const MailboxAddRequest = z.object({
  address: SmtpAddress,
  displayName: DisplayName,
  password: Password.optional(),
  isAdmin: z.boolean().default(false),
  easEnabled: z.boolean().default(true),
  ...Person,
});
export const MailboxListRequest = z.object({
  domain: z.string().trim().toLowerCase().max(253).optional(),
  search: z.string().trim().max(256).optional(),
  ...Paging,
});
export const MailboxShowRequest = z.object({ address: SmtpAddress });
export const MailboxSetRequest = z
  .object({
    address: SmtpAddress,
    displayName: DisplayName.optional(),
    password: Password.optional(),
    isAdmin: z.boolean().optional(),
    easEnabled: z.boolean().optional(),
    accountDisabled: z.boolean().optional(),
    /** Makes this address (added if new) the primary SMTP address; the old one stays as a proxy. */
    primarySmtpAddress: SmtpAddress.optional(),
    addProxyAddresses: z.array(SmtpAddress).max(100).optional(),
    removeProxyAddresses: z.array(SmtpAddress).max(100).optional(),
    ...Person,
  })
  .strict();
export const MailboxRemoveRequest = z.object({ address: SmtpAddress });

export const MailboxAdd = request<z.input<typeof MailboxAddRequest>, Mailbox>(
  'directory',
  'mailbox',
  'add',
);
export const MailboxList = request<
  z.input<typeof MailboxListRequest>,
  { mailboxes: Mailbox[]; total: number }
>('directory', 'mailbox', 'list');
export const MailboxShow = request<z.input<typeof MailboxShowRequest>, Mailbox>(
  'directory',
  'mailbox',
  'show',
);
export const MailboxSet = request<z.input<typeof MailboxSetRequest>, Mailbox>(
  'directory',
  'mailbox',
  'set',
);
export const MailboxRemove = request<z.input<typeof MailboxRemoveRequest>, { removed: string }>(
  'directory',
  'mailbox',
  'remove',
);

export const GroupMember = z.object({
  kind: z.enum(['mailbox', 'group', 'contact']),
  address: z.string(),
  displayName: z.string(),
});
export const Group = z.object({
  primarySmtpAddress: z.string(),
  alias: z.string(),
  displayName: z.string(),
  proxyAddresses: z.array(z.string()),
  members: z.array(GroupMember),
  memberOf: z.array(z.string()),
});
export type Group = z.infer<typeof Group>;

export const GroupAddRequest = z.object({ address: SmtpAddress, displayName: DisplayName });
export const GroupListRequest = z.object({
  search: z.string().trim().max(256).optional(),
  ...Paging,
});
export const GroupShowRequest = z.object({ address: SmtpAddress });
export const GroupRemoveRequest = z.object({ address: SmtpAddress });
export const GroupMemberRequest = z.object({ address: SmtpAddress, member: SmtpAddress });

export const GroupAdd = request<z.input<typeof GroupAddRequest>, Group>(
  'directory',
  'group',
  'add',
);
export const GroupList = request<
  z.input<typeof GroupListRequest>,
  { groups: Group[]; total: number }
>('directory', 'group', 'list');
export const GroupShow = request<z.input<typeof GroupShowRequest>, Group>(
  'directory',
  'group',
  'show',
);
export const GroupRemove = request<z.input<typeof GroupRemoveRequest>, { removed: string }>(
  'directory',
  'group',
  'remove',
);
export const GroupMemberAdd = request<z.input<typeof GroupMemberRequest>, Group>(
  'directory',
  'group-member',
  'add',
);
export const GroupMemberRemove = request<z.input<typeof GroupMemberRequest>, Group>(
  'directory',
  'group-member',
  'remove',
);

export const Contact = z.object({
  externalEmailAddress: z.string(),
  displayName: z.string(),
  givenName: z.string().optional(),
  surname: z.string().optional(),
  memberOf: z.array(z.string()),
});
export type Contact = z.infer<typeof Contact>;

export const ContactAddRequest = z.object({
  address: SmtpAddress,
  displayName: DisplayName,
  givenName: OptionalText,
  surname: OptionalText,
});
export const ContactListRequest = z.object({
  search: z.string().trim().max(256).optional(),
  ...Paging,
});
export const ContactRemoveRequest = z.object({ address: SmtpAddress });

export const ContactAdd = request<z.input<typeof ContactAddRequest>, Contact>(
  'directory',
  'contact',
  'add',
);
export const ContactList = request<
  z.input<typeof ContactListRequest>,
  { contacts: Contact[]; total: number }
>('directory', 'contact', 'list');
export const ContactRemove = request<z.input<typeof ContactRemoveRequest>, { removed: string }>(
  'directory',
  'contact',
  'remove',
);

export interface RecipientCreatedEvent {
  kind: 'mailbox';
  /** The name the mailbox role keeps the user's mailbox under. */
  userPrincipalName: string;
  primarySmtpAddress: string;
}
/**
 * Published after the directory commits a new mailbox user: the mailbox role creates the
 * mailbox with its default folders (it also creates one lazily if this is ever missed).
 */
export const RecipientCreated = event<RecipientCreatedEvent>('directory', 'recipient', 'created');
