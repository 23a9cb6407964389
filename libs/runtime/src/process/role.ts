import type { Type } from '@nestjs/common';
import type { RoleName } from '@mail/contracts';
import type { RoleStorage } from '../persistence/data-source';

/** What an app gives the runtime: its Nest module and, if it keeps state, its storage. */
export interface RoleDefinition {
  name: RoleName;
  module: Type<unknown>;
  storage?: RoleStorage;
}
