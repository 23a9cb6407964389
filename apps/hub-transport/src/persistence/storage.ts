import type { RoleStorage } from '@mail/runtime';

/** The hub-transport role's schema; its tables arrive with their migrations. */
export const transportStorage: RoleStorage = { schema: 'transport', entities: [], migrations: [] };
