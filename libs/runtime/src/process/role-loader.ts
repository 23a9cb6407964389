/**
 * Finds each role's definition at run time. Apps never import one another (the architecture
 * forbids it), so the process that hosts several roles loads them by location: each app
 * exports `role` from `apps/<role>/src/<role>.role`. This also keeps a single-role container
 * from loading the code of roles it does not run.
 */
import { join } from 'node:path';
import type { RoleName } from '@mail/contracts';
import type { RoleDefinition } from './role';

/** The repository (or dist/) root: this file sits at libs/runtime/src/process/. */
const ROOT = join(__dirname, '..', '..', '..', '..');

export function loadRole(name: RoleName): RoleDefinition {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the one dynamic load, see above
  const loaded = require(join(ROOT, 'apps', name, 'src', `${name}.role`)) as {
    role?: RoleDefinition;
  };
  if (!loaded.role || loaded.role.name !== name) {
    throw new Error(`apps/${name}/src/${name}.role does not export the definition of role ${name}`);
  }
  return loaded.role;
}
