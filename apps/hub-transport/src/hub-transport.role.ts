import type { RoleDefinition } from '@mail/runtime';
import { HubTransportModule } from './hub-transport.module';
import { transportStorage } from './persistence/storage';

export const role: RoleDefinition = {
  name: 'hub-transport',
  module: HubTransportModule,
  storage: transportStorage,
};
