import type { RoleStorage } from '@mail/runtime';
import { FEATURE_MIGRATIONS } from '../features';
import { AcceptedDomainEntity } from './accepted-domain.entity';
import { UserEntity } from './user.entity';
import { Initial1763800000000 } from './migrations/1763800000000-initial';
import { Recipients1763900000000 } from './migrations/1763900000000-recipients';

export const directoryStorage: RoleStorage = {
  schema: 'directory',
  entities: [AcceptedDomainEntity, UserEntity],
  migrations: [Initial1763800000000, Recipients1763900000000, ...FEATURE_MIGRATIONS],
};
