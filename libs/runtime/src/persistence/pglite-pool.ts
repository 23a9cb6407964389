/**
 * Lets TypeORM's postgres driver run on embedded PGlite, behaving like `pg` with a pool of one.
 *
 * PGlite is a single connection. A pool that hands the same connection to every caller (as
 * typeorm-pglite 0.3.4 does) lets two transactions interleave their statements, so one
 * caller's ROLLBACK undoes another's work. Here a caller holds the connection from `connect`
 * until `release`, exactly like a checked-out `pg` client, and every data source of the
 * process shares one PGlite and one lock. Results are reshaped to `pg`'s (`rowCount`,
 * `command`) and values parsed as `pg` parses them (int8 and numeric as strings, bytea as
 * Buffer), so the same queries give the same values on both.
 */
import { EventEmitter } from 'node:events';
import { PGlite, types, type PGliteOptions, type Results } from '@electric-sql/pglite';

type Callback<T> = (error: Error | null, value?: T) => void;

interface PgShapedResult {
  rows: unknown[];
  rowCount: number;
  command: string;
  fields: Results['fields'];
}

/** Parsers matching node-postgres defaults for the types where PGlite's differ. */
export const PG_COMPATIBLE_PARSERS: PGliteOptions['parsers'] = {
  [types.INT8]: (value: string) => value,
  [types.NUMERIC]: (value: string) => value,
  [types.BYTEA]: (value: string) => Buffer.from(value.slice(2), 'hex'),
};

/**
 * PGlite's own bytea serializer builds a string per byte: a 1 MB stored Sync answer cost ~40 ms
 * of CPU. Hex through Buffer is the same text (bytea[] elements go through it too).
 */
export const FAST_SERIALIZERS: PGliteOptions['serializers'] = {
  [types.BYTEA]: (value: unknown) => {
    if (!(value instanceof Uint8Array)) throw new TypeError('bytea takes a Uint8Array');
    return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  },
};

export async function openEmbeddedDatabase(dataDir: string | undefined): Promise<PGlite> {
  // `undefined` keeps the database in memory: used by tests of the embedded mode.
  return PGlite.create({ dataDir, parsers: PG_COMPATIBLE_PARSERS, serializers: FAST_SERIALIZERS });
}

/** A mutex in arrival order: one holder of the single connection at a time. */
class ConnectionLock {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const granted = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    return granted;
  }
}

const lockOf = new WeakMap<PGlite, ConnectionLock>();

function commandOf(sql: string): string {
  const match = /^\s*(?:\/\*.*?\*\/\s*)?([A-Za-z]+)/s.exec(sql);
  return match ? match[1].toUpperCase() : '';
}

class PGliteClient extends EventEmitter {
  constructor(private readonly db: PGlite) {
    super();
  }

  async query(
    sql: string,
    params?: unknown[] | Callback<PgShapedResult>,
    callback?: Callback<PgShapedResult>,
  ) {
    const done = typeof params === 'function' ? params : callback;
    const values = Array.isArray(params) ? params : undefined;
    try {
      // Multi-statement text (migrations) needs the simple protocol; parameters need the extended one.
      const raw = values?.length
        ? await this.db.query(sql, values)
        : (await this.db.exec(sql)).at(-1);
      const result: PgShapedResult = {
        rows: raw?.rows ?? [],
        rowCount: raw?.affectedRows ?? raw?.rows.length ?? 0,
        command: commandOf(sql),
        fields: raw?.fields ?? [],
      };
      done?.(null, result);
      return result;
    } catch (error) {
      done?.(error as Error);
      if (!done) throw error;
      return undefined;
    }
  }
}

/** The `Pool` class TypeORM's postgres driver instantiates (`driver: { Pool }`). */
export function pgliteDriverFor(db: PGlite): { Pool: new () => unknown } {
  const lock = lockOf.get(db) ?? new ConnectionLock();
  lockOf.set(db, lock);
  class PGlitePool extends EventEmitter {
    connect(
      callback: (error: Error | null, client?: PGliteClient, release?: () => void) => void,
    ): void {
      void lock.acquire().then((release) => {
        let released = false;
        const client = new PGliteClient(db);
        callback(null, client, () => {
          if (!released) {
            released = true;
            release();
          }
        });
      });
    }

    end(callback?: (error: Error | null) => void): void {
      // The PGlite instance belongs to the process and is closed once, after every data source.
      callback?.(null);
    }
  }
  return { Pool: PGlitePool };
}
