import type { RoleStorage } from '@mail/runtime';
import { Queue1765000000000 } from '../queue/persistence/1765000000000-queue';

/** The hub-transport role's schema: the mail queue. */
export const transportStorage: RoleStorage = {
  schema: 'transport',
  entities: [],
  migrations: [Queue1765000000000],
};
