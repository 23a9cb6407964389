/** Small helpers for the queue's SQL: multi-row VALUES lists and TypeORM's result shapes. */

/** `($1::uuid, $2::text), ($3::uuid, $4::text)`, appending each value to `params`. */
export function valuesList(rows: unknown[][], casts: string[], params: unknown[]): string {
  return rows
    .map(
      (row) =>
        `(${row
          .map((value, i) => {
            params.push(value);
            return `$${params.length}::${casts[i]}`;
          })
          .join(', ')})`,
    )
    .join(', ');
}

/** TypeORM answers UPDATE and DELETE with [rows, affected count], other statements with rows. */
export function rowsOf<T>(result: unknown): T[] {
  const list = result as unknown[];
  return (
    Array.isArray(list[0]) && list.length === 2 && typeof list[1] === 'number' ? list[0] : list
  ) as T[];
}

/** Milliseconds as an interval from now, for leases. */
export const LEASE_UNTIL = (param: string) => `now() + ${param}::int * interval '1 millisecond'`;

/**
 * A FROM item that turns synchronous_commit off for the transaction of the statement that
 * names it, which PostgreSQL reads when that transaction commits. A claim run on its own
 * (autocommit) is then one round trip, where BEGIN, SET LOCAL, the claim and COMMIT were four.
 */
export const UNSYNCHRONIZED = `(SELECT set_config('synchronous_commit', 'off', true)) AS unsynchronized`;
