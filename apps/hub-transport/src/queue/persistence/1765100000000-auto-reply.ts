import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Out-of-office answers are queued messages of their own source, made here like DSNs. */
export class AutoReply1765100000000 implements MigrationInterface {
  name = 'AutoReply1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE transport.message DROP CONSTRAINT message_source_check;
      ALTER TABLE transport.message ADD CONSTRAINT message_source_check
        CHECK (source IN ('smtp', 'submission', 'submit', 'dsn', 'auto-reply'));
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE transport.message DROP CONSTRAINT message_source_check;
      ALTER TABLE transport.message ADD CONSTRAINT message_source_check
        CHECK (source IN ('smtp', 'submission', 'submit', 'dsn'));
    `);
  }
}
