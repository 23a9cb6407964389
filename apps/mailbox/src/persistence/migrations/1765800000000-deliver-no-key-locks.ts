import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * mailbox.deliver_batch locks the mailbox and folder rows it counts on FOR NO KEY UPDATE, the
 * lock its own UPDATEs of them take, instead of FOR UPDATE. FOR UPDATE also waits for every
 * foreign-key check on those rows (FOR KEY SHARE): the search indexer's documents and a
 * device's changes to items hold one on the mailbox or the folder until they commit, so a
 * delivery waited for them, and they for it. Deliveries into one mailbox still take turns.
 * The function is rewritten from its own definition, so its body lives in one migration.
 */
const rewrite = (from: string, to: string) => `
  DO $$
  DECLARE
    body text := pg_get_functiondef('mailbox.deliver_batch'::regproc);
  BEGIN
    IF (length(body) - length(replace(body, '${from}', ''))) / length('${from}') <> 2 THEN
      RAISE EXCEPTION 'mailbox.deliver_batch does not lock as expected';
    END IF;
    EXECUTE replace(body, '${from}', '${to}');
  END $$`;

export class DeliverNoKeyLocks1765800000000 implements MigrationInterface {
  name = 'DeliverNoKeyLocks1765800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(rewrite('ORDER BY id FOR UPDATE;', 'ORDER BY id FOR NO KEY UPDATE;'));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(rewrite('ORDER BY id FOR NO KEY UPDATE;', 'ORDER BY id FOR UPDATE;'));
  }
}
