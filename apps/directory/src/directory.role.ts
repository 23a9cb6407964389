import type { RoleDefinition } from '@mail/runtime';
import { DirectoryModule } from './directory.module';
import { directoryStorage } from './persistence/storage';

export const role: RoleDefinition = {
  name: 'directory',
  module: DirectoryModule,
  storage: directoryStorage,
};
