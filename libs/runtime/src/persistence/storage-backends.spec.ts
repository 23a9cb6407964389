/**
 * The storage layer itself on both back ends: values come back as node-postgres returns them,
 * transactions are isolated (on PGlite's single connection too), and migrations are applied
 * once however many times a role starts.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DATABASE_BACKENDS, type OpenedDatabase } from '../testing/databases';
import type { RoleStorage } from './data-source';

class Sample1700000000000 implements MigrationInterface {
  name = 'Sample1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE sample.thing (
        id bigint PRIMARY KEY,
        amount numeric(12, 2) NOT NULL,
        body bytea NOT NULL,
        seen_at timestamptz NOT NULL,
        flag boolean NOT NULL,
        extra jsonb NOT NULL
      );
      CREATE TABLE sample.counter (name text PRIMARY KEY, value integer NOT NULL);
      INSERT INTO sample.counter VALUES ('applied', 1);
    `);
  }
  async down(): Promise<void> {}
}

const storage: RoleStorage = { schema: 'sample', entities: [], migrations: [Sample1700000000000] };

describe.each(DATABASE_BACKENDS)('storage on %s', (_name, open) => {
  let db: OpenedDatabase;
  beforeEach(async () => (db = await open(storage)));
  afterEach(() => db.close());

  it('returns values as node-postgres does', async () => {
    const body = Buffer.from([0, 1, 2, 254, 255]);
    await db.dataSource.query('INSERT INTO sample.thing VALUES ($1, $2, $3, $4, $5, $6)', [
      '9007199254740993',
      '12.50',
      body,
      new Date('2026-01-02T03:04:05.678Z'),
      true,
      JSON.stringify({ a: [1] }),
    ]);
    const [row] = await db.dataSource.query('SELECT * FROM sample.thing');
    expect(row).toEqual({
      id: '9007199254740993',
      amount: '12.50',
      body,
      seen_at: new Date('2026-01-02T03:04:05.678Z'),
      flag: true,
      extra: { a: [1] },
    });
    expect(Buffer.isBuffer(row.body)).toBe(true);
  });

  it('stores bytes exactly, alone, in arrays and from a view into a larger buffer', async () => {
    const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    // A view whose buffer holds other bytes around it: only the view's own bytes are stored.
    const whole = Buffer.concat([Buffer.from('xx'), every, Buffer.from('yy')]);
    const view = new Uint8Array(whole.buffer, whole.byteOffset + 2, every.length);
    const [single] = await db.dataSource.query('SELECT $1::bytea AS one, $2::bytea AS empty', [
      view,
      Buffer.alloc(0),
    ]);
    expect(single.one).toEqual(every);
    expect(single.empty).toEqual(Buffer.alloc(0));
    const rows = await db.dataSource.query(
      'SELECT x FROM unnest($1::bytea[]) WITH ORDINALITY AS u(x, n) ORDER BY n',
      [[every, Buffer.from('\\"'), Buffer.alloc(0)]],
    );
    expect(rows.map((r: { x: Buffer }) => r.x)).toEqual([
      every,
      Buffer.from('\\"'),
      Buffer.alloc(0),
    ]);
  });

  it('reports affected rows for updates and deletes', async () => {
    const runner = db.dataSource.createQueryRunner();
    try {
      const update = await runner.query(
        "UPDATE sample.counter SET value = value + 1 WHERE name = 'applied'",
        [],
        true,
      );
      expect(update.affected).toBe(1);
      const remove = await runner.query(
        "DELETE FROM sample.counter WHERE name = 'missing'",
        [],
        true,
      );
      expect(remove.affected).toBe(0);
    } finally {
      await runner.release();
    }
  });

  it('keeps concurrent transactions apart: one rollback does not undo the other', async () => {
    const fail = db.dataSource.transaction(async (manager) => {
      await manager.query("INSERT INTO sample.counter VALUES ('doomed', 1)");
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('roll me back');
    });
    const succeed = db.dataSource.transaction(async (manager) => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      await manager.query("INSERT INTO sample.counter VALUES ('kept', 1)");
    });
    await expect(fail).rejects.toThrow('roll me back');
    await succeed;
    const names = (await db.dataSource.query('SELECT name FROM sample.counter ORDER BY name')).map(
      (r: { name: string }) => r.name,
    );
    expect(names).toEqual(['applied', 'kept']);
  });

  it('applies each migration once, however many instances start', async () => {
    await Promise.all([db.another(), db.another()]);
    const [{ value }] = await db.dataSource.query(
      "SELECT value FROM sample.counter WHERE name = 'applied'",
    );
    expect(value).toBe(1);
    const migrations = await db.dataSource.query('SELECT name FROM sample.migrations');
    expect(migrations).toEqual([{ name: 'Sample1700000000000' }]);
  });

  it('surfaces constraint violations with their SQLSTATE code', async () => {
    const error = await db.dataSource
      .query("INSERT INTO sample.counter VALUES ('applied', 2)")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: '23505' });
  });
});
