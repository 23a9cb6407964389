import type { RoleDefinition } from '@mail/runtime';
import { MailboxModule } from './mailbox.module';
import { mailboxStorage } from './persistence/storage';

export const role: RoleDefinition = {
  name: 'mailbox',
  module: MailboxModule,
  storage: mailboxStorage,
};
