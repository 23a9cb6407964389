import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * mailbox.deliver_batch plans its statements once per connection instead of on every call.
 * Its parameters are arrays, and PL/pgSQL's plan cache keeps choosing a plan made for each
 * call's values (the planner can count a known array, not a parameter), so each delivery
 * planned about a dozen statements: under push load, most of the 1.8 ms the function took
 * for one message. A plan made without the values must not depend on how big the tables
 * looked when it was made (they grow under it: mailbox.delivery gains a row with every
 * message), so the function also turns sequential scans off for itself: every table it reads
 * is reached through its key, whatever the statistics say.
 */
const SIGNATURE = `mailbox.deliver_batch(text[], text[], uuid[], uuid[], uuid[], timestamptz[],
  smallint[], text[], text[], text[], text[], text[], text[], text[], bytea[], bytea[], text[],
  boolean[], text[], text[], bytea, int[], int[], uuid[], int[], text[], text[], text[],
  boolean[], bytea, int[], int[])`;

export class DeliverGenericPlans1766200000000 implements MigrationInterface {
  name = 'DeliverGenericPlans1766200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER FUNCTION ${SIGNATURE} SET plan_cache_mode = force_generic_plan SET enable_seqscan = off`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER FUNCTION ${SIGNATURE} RESET ALL`);
  }
}
