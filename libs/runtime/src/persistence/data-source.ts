/**
 * One TypeORM data source per role, each in the role's own schema (DESIGN.md, Data): on
 * PostgreSQL through `pg` when DATABASE_URL is set, else on the process's embedded PGlite.
 * Migrations run at start, never `synchronize`.
 */
import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';
import type { PGlite } from '@electric-sql/pglite';
import { pgliteDriverFor } from './pglite-pool';
import { PreparingClient } from './prepared-statements';

export interface RoleStorage {
  /** The PostgreSQL schema the role owns; nothing else writes to it. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
  migrations: MixedList<Function | string>;
}

export type DatabaseTarget =
  { kind: 'postgres'; url: string; poolSize?: number } | { kind: 'embedded'; db: PGlite };

export function createRoleDataSource(target: DatabaseTarget, storage: RoleStorage): DataSource {
  const common = {
    type: 'postgres',
    schema: storage.schema,
    entities: storage.entities,
    migrations: storage.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Extensions are not ours to install (PGlite has none; a managed PostgreSQL may refuse);
    // gen_random_uuid() is built into PostgreSQL 13+.
    installExtensions: false,
    uuidExtension: 'pgcrypto',
  } as const;
  const options: DataSourceOptions =
    target.kind === 'postgres'
      ? {
          ...common,
          url: target.url,
          poolSize: target.poolSize ?? 10,
          applicationName: `mail-${storage.schema}`,
          extra: {
            // pg-pool's own options: its connections name their statements, and stay open
            // while idle. pg-pool closes a connection idle for 10 s unless told otherwise, and
            // a new one cost PostgreSQL about 160 ms of CPU before it ran as fast as the old
            // (its caches, every PL/pgSQL function compiled and planned again, statements
            // prepared again): in the push bench, the first seconds of load after a quiet
            // spell opened 25 and queued mail behind them. The pool's size still bounds them.
            Client: PreparingClient,
            idleTimeoutMillis: 0,
          },
        }
      : { ...common, driver: pgliteDriverFor(target.db), poolSize: 1 };
  return new DataSource(options);
}

/**
 * Creates the role's schema and applies its pending migrations. On PostgreSQL, several
 * instances of a role may start together: an advisory lock keyed by the schema makes one
 * migrate while the others wait. (Embedded storage belongs to one process, so needs none.)
 */
export async function initializeAndMigrate(
  dataSource: DataSource,
  storage: RoleStorage,
  embedded: boolean,
): Promise<void> {
  await dataSource.initialize();
  const runner = embedded ? undefined : dataSource.createQueryRunner();
  try {
    if (runner)
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${storage.schema}`]);
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${storage.schema}"`);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    if (runner) {
      await runner
        .query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${storage.schema}`])
        .catch(() => undefined);
      await runner.release();
    }
  }
}
