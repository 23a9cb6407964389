/**
 * The directory's feature areas (organization configuration), each in its own folder with its
 * Nest module and its migrations. Add an area here: its module and its migrations, once each.
 */
import type { Type } from '@nestjs/common';
import { DevicesModule } from './devices/devices.module';
import { Devices1764100000000 } from './devices/persistence/1764100000000-devices';
import { OrgConfigModule } from './org-config/org-config.module';
import { OrgConfig1764200000000 } from './org-config/persistence/1764200000000-org-config';
import { PhotosModule } from './photos/photos.module';
import { Photos1764810000000 } from './photos/persistence/1764810000000-photos';
import { SmimeModule } from './smime/smime.module';
import { SmimeCertificates1764820000000 } from './smime/persistence/1764820000000-smime-certificates';
import { PoliciesModule } from './policies/policies.module';
import { Policies1764000000000 } from './policies/persistence/1764000000000-policies';

export const FEATURE_MODULES: Array<Type<unknown>> = [
  DevicesModule,
  PoliciesModule,
  OrgConfigModule,
  PhotosModule,
  SmimeModule,
];

/** Migration classes of the feature areas, applied after the core's (ordered by their timestamps). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
export const FEATURE_MIGRATIONS: Function[] = [
  Devices1764100000000,
  Policies1764000000000,
  OrgConfig1764200000000,
  Photos1764810000000,
  SmimeCertificates1764820000000,
];
