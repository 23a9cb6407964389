import type { RoleStorage } from '@mail/runtime';
import { Mailbox1764300000000 } from './migrations/1764300000000-mailbox';

/** The mailbox role's schema: mailboxes, folders, items, the change journal, deliveries. */
export const mailboxStorage: RoleStorage = {
  schema: 'mailbox',
  entities: [],
  migrations: [Mailbox1764300000000],
};
