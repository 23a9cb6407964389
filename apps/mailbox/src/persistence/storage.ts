import type { RoleStorage } from '@mail/runtime';

/** The mailbox role's schema; its tables arrive with their migrations. */
export const mailboxStorage: RoleStorage = { schema: 'mailbox', entities: [], migrations: [] };
