/**
 * Opens the storage of the roles a process hosts: PostgreSQL when DATABASE_URL is set, else
 * one embedded PGlite under DATA_DIR shared by the roles' data sources. Each role's schema is
 * migrated before the role starts; `close` releases everything in reverse order.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { DataSource } from 'typeorm';
import type { RoleName } from '@mail/contracts';
import {
  createRoleDataSource,
  initializeAndMigrate,
  type DatabaseTarget,
} from '../persistence/data-source';
import { openEmbeddedDatabase } from '../persistence/pglite-pool';
import type { Logger } from '../logging/logger';
import type { RoleDefinition } from './role';

export interface OpenStorage {
  dataSources: Map<RoleName, DataSource>;
  close(): Promise<void>;
}

export async function openStorage(
  roles: RoleDefinition[],
  settings: { databaseUrl?: string; dataDir: string; embeddedInMemory?: boolean },
  logger: Logger,
): Promise<OpenStorage> {
  const dataSources = new Map<RoleName, DataSource>();
  const stateful = roles.filter((role) => role.storage);
  let embedded: PGlite | undefined;
  const close = async () => {
    for (const dataSource of [...dataSources.values()].reverse()) {
      if (dataSource.isInitialized) await dataSource.destroy();
    }
    await embedded?.close();
  };
  if (stateful.length === 0) return { dataSources, close };

  let target: DatabaseTarget;
  if (settings.databaseUrl) {
    target = { kind: 'postgres', url: settings.databaseUrl };
  } else {
    const dir = settings.embeddedInMemory ? undefined : join(settings.dataDir, 'db');
    if (dir) mkdirSync(dir, { recursive: true, mode: 0o700 });
    embedded = await openEmbeddedDatabase(dir);
    target = { kind: 'embedded', db: embedded };
  }
  try {
    for (const role of stateful) {
      const storage = role.storage!;
      const dataSource = createRoleDataSource(target, storage);
      dataSources.set(role.name, dataSource);
      await initializeAndMigrate(dataSource, storage, target.kind === 'embedded');
      logger.info(
        { role: role.name, schema: storage.schema, database: target.kind },
        'storage ready',
      );
    }
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return { dataSources, close };
}
