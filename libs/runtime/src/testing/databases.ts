/**
 * The two storage back ends every persistence test runs on: embedded PGlite (in memory) and
 * the real PostgreSQL, each migrated from scratch for the test, so the same migrations and
 * queries are shown to work on both.
 */
import type { DataSource } from 'typeorm';
import {
  createRoleDataSource,
  initializeAndMigrate,
  type DatabaseTarget,
  type RoleStorage,
} from '../persistence/data-source';
import { openEmbeddedDatabase } from '../persistence/pglite-pool';
import { createTestDatabase } from './services';

export interface OpenedDatabase {
  dataSource: DataSource;
  /** Opens a second data source on the same database (another instance of the role). */
  another(): Promise<DataSource>;
  close(): Promise<void>;
}

export type DatabaseBackend = [
  name: string,
  open: (storage: RoleStorage) => Promise<OpenedDatabase>,
];

/** Opens data sources on one fresh database until `close`, which also disposes of the database. */
async function openOn(
  database: { target: DatabaseTarget; dispose(): Promise<void> },
  storage: RoleStorage,
): Promise<OpenedDatabase> {
  const opened: DataSource[] = [];
  const another = async () => {
    const dataSource = createRoleDataSource(database.target, storage);
    opened.push(dataSource);
    await initializeAndMigrate(dataSource, storage, database.target.kind === 'embedded');
    return dataSource;
  };
  return {
    dataSource: await another(),
    another,
    close: async () => {
      for (const dataSource of opened) if (dataSource.isInitialized) await dataSource.destroy();
      await database.dispose();
    },
  };
}

export const DATABASE_BACKENDS: DatabaseBackend[] = [
  [
    'PGlite',
    async (storage) => {
      const db = await openEmbeddedDatabase(undefined);
      return openOn({ target: { kind: 'embedded', db }, dispose: () => db.close() }, storage);
    },
  ],
  [
    'PostgreSQL',
    async (storage) => {
      const database = await createTestDatabase();
      return openOn(
        { target: { kind: 'postgres', url: database.url, poolSize: 4 }, dispose: database.drop },
        storage,
      );
    },
  ],
];
