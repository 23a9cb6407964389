import type { RoleStorage } from '@mail/runtime';
import { Queue1765000000000 } from '../queue/persistence/1765000000000-queue';
import { AutoReply1765100000000 } from '../queue/persistence/1765100000000-auto-reply';
import { QueueFunctions1765600000000 } from '../queue/persistence/1765600000000-queue-functions';

/** The hub-transport role's schema: the mail queue. */
export const transportStorage: RoleStorage = {
  schema: 'transport',
  entities: [],
  migrations: [Queue1765000000000, AutoReply1765100000000, QueueFunctions1765600000000],
};
