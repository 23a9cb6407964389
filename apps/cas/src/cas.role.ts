import type { RoleDefinition } from '@mail/runtime';
import { CasModule } from './cas.module';

export const role: RoleDefinition = { name: 'cas', module: CasModule };
