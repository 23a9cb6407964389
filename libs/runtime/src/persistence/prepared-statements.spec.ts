/**
 * A role's PostgreSQL connections run parameterised queries as named prepared statements
 * (prepared-statements.ts), and nothing a caller sees changes: rows, errors, queries without
 * parameters (several statements in one text), and transactions.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DATABASE_BACKENDS, type OpenedDatabase } from '../testing/databases';
import type { RoleStorage } from './data-source';
import { MAX_NAMED_STATEMENTS, statementName } from './prepared-statements';

class Sample1700000000000 implements MigrationInterface {
  name = 'Sample1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE prep.thing (id int PRIMARY KEY, label text NOT NULL)`);
  }
  async down(): Promise<void> {}
}

const storage: RoleStorage = { schema: 'prep', entities: [], migrations: [Sample1700000000000] };
const [, openPostgres] = DATABASE_BACKENDS.find(([name]) => name === 'PostgreSQL')!;

/** The statements this connection has prepared, by text. */
async function prepared(runner: QueryRunner): Promise<Map<string, string>> {
  const rows: Array<{ name: string; statement: string }> = await runner.query(
    'SELECT name, statement FROM pg_prepared_statements',
  );
  return new Map(rows.map((r) => [r.statement, r.name]));
}

describe('prepared statements on PostgreSQL', () => {
  let db: OpenedDatabase;
  beforeAll(async () => (db = await openPostgres(storage)));
  afterAll(() => db.close());

  it('prepares a parameterised query once per connection and answers as before', async () => {
    const insert = 'INSERT INTO prep.thing (id, label) VALUES ($1, $2) RETURNING label';
    const select = 'SELECT id, label FROM prep.thing WHERE id = ANY($1::int[]) ORDER BY id';
    const runner = db.dataSource.createQueryRunner();
    try {
      for (let id = 1; id <= 8; id++)
        expect(await runner.query(insert, [id, `thing ${id}`])).toEqual([{ label: `thing ${id}` }]);
      expect(await runner.query(select, [[2, 7]])).toEqual([
        { id: 2, label: 'thing 2' },
        { id: 7, label: 'thing 7' },
      ]);
      const statements = await prepared(runner);
      expect(statements.get(insert)).toBe(statementName(insert));
      expect(statements.get(select)).toBe(statementName(select));
    } finally {
      await runner.release();
    }
  });

  it('keeps its connections while idle, so a burst after a quiet spell finds them open and warm', async () => {
    const connections = async () =>
      (
        (await db.dataSource.query(
          `SELECT pid FROM pg_stat_activity
            WHERE application_name = 'mail-prep' AND datname = current_database() ORDER BY pid`,
        )) as Array<{ pid: number }>
      ).map((row) => row.pid);
    await Promise.all(
      Array.from({ length: 3 }, () => db.dataSource.query('SELECT pg_sleep(0.05)')),
    );
    const before = await connections();
    expect(before.length).toBeGreaterThanOrEqual(3);
    // Longer than pg-pool's default idle timeout (10 s).
    await new Promise((resolve) => setTimeout(resolve, 10_500));
    expect(await connections()).toEqual(before);
  }, 20_000);

  it('leaves a query without parameters as it was: several statements in one text', async () => {
    const runner = db.dataSource.createQueryRunner();
    try {
      const text = `INSERT INTO prep.thing VALUES (100, 'a'); INSERT INTO prep.thing VALUES (101, 'b')`;
      await runner.query(text);
      expect(
        await runner.query('SELECT count(*)::int AS n FROM prep.thing WHERE id >= 100'),
      ).toEqual([{ n: 2 }]);
      expect((await prepared(runner)).has(text)).toBe(false);
    } finally {
      await runner.release();
    }
  });

  it('reports errors as before, and the statement still works afterwards', async () => {
    const insert = 'INSERT INTO prep.thing (id, label) VALUES ($1, $2)';
    await db.dataSource.query(insert, [200, 'first']);
    await expect(db.dataSource.query(insert, [200, 'again'])).rejects.toThrow(/duplicate key/);
    await expect(db.dataSource.query(insert, [201, null])).rejects.toThrow(/not-null/);
    await db.dataSource.query(insert, [202, 'after']);
    expect(
      await db.dataSource.query(
        'SELECT label FROM prep.thing WHERE id = ANY($1::int[]) ORDER BY id',
        [[200, 202]],
      ),
    ).toEqual([{ label: 'first' }, { label: 'after' }]);
  });

  it('rolls back a failed transaction as before', async () => {
    await expect(
      db.dataSource.transaction(async (manager) => {
        await manager.query('INSERT INTO prep.thing (id, label) VALUES ($1, $2)', [300, 'gone']);
        await manager.query('INSERT INTO prep.thing (id, label) VALUES ($1, $2)', [300, 'twice']);
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await db.dataSource.query('SELECT id FROM prep.thing WHERE id = $1', [300])).toEqual([]);
  });

  it('names at most MAX_NAMED_STATEMENTS texts; later new texts run unnamed', async () => {
    const known = 'SELECT label FROM prep.thing WHERE id = $1';
    const name = statementName(known);
    for (let i = 0; i < MAX_NAMED_STATEMENTS; i++) statementName(`SELECT ${i} WHERE $1::int > 0`);
    const late = 'SELECT id FROM prep.thing WHERE label = $1';
    expect(statementName(late)).toBeUndefined();
    expect(statementName(known)).toBe(name);

    const runner = db.dataSource.createQueryRunner();
    try {
      expect(await runner.query(late, ['thing 3'])).toEqual([{ id: 3 }]);
      expect(await runner.query(known, [3])).toEqual([{ label: 'thing 3' }]);
      const statements = await prepared(runner);
      expect(statements.has(late)).toBe(false);
      expect(statements.get(known)).toBe(name);
    } finally {
      await runner.release();
    }
  });
});
