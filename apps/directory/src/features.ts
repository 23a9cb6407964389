/**
 * The directory's feature areas (organization configuration), each in its own folder with its
 * Nest module and its migrations. Add an area here: its module and its migrations, once each.
 */
import type { Type } from '@nestjs/common';

export const FEATURE_MODULES: Array<Type<unknown>> = [];

/** Migration classes of the feature areas, applied after the core's (ordered by their timestamps). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
export const FEATURE_MIGRATIONS: Function[] = [];
