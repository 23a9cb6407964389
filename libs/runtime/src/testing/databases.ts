/**
 * The two storage back ends every persistence test runs on: embedded PGlite (in memory) and
 * the real PostgreSQL, each migrated from scratch for the test, so the same migrations and
 * queries are shown to work on both.
 */
import type { DataSource } from 'typeorm';
import {
  createRoleDataSource,
  initializeAndMigrate,
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

export const DATABASE_BACKENDS: DatabaseBackend[] = [
  [
    'PGlite',
    async (storage) => {
      const db = await openEmbeddedDatabase(undefined);
      const open = async () => {
        const dataSource = createRoleDataSource({ kind: 'embedded', db }, storage);
        await initializeAndMigrate(dataSource, storage, true);
        return dataSource;
      };
      const opened = [await open()];
      return {
        dataSource: opened[0],
        another: async () => opened[opened.push(await open()) - 1],
        close: async () => {
          for (const ds of opened) await ds.destroy();
          await db.close();
        },
      };
    },
  ],
  [
    'PostgreSQL',
    async (storage) => {
      const database = await createTestDatabase();
      const open = async () => {
        const dataSource = createRoleDataSource(
          { kind: 'postgres', url: database.url, poolSize: 4 },
          storage,
        );
        await initializeAndMigrate(dataSource, storage, false);
        return dataSource;
      };
      const opened = [await open()];
      return {
        dataSource: opened[0],
        another: async () => opened[opened.push(await open()) - 1],
        close: async () => {
          for (const ds of opened) await ds.destroy();
          await database.drop();
        },
      };
    },
  ],
];
