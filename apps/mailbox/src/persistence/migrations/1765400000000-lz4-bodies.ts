import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Message bodies are compressed with lz4 instead of PostgreSQL's default pglz: every delivery
 * stores the raw MIME and the body text, each past the size at which PostgreSQL compresses, and
 * lz4 compresses several times faster (bench/mailbox: about 8% more deliveries per second). A
 * server built without lz4 (PGlite is) keeps pglz; values already stored keep their method.
 */
export class Lz4Bodies1765400000000 implements MigrationInterface {
  name = 'Lz4Bodies1765400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DO $$
      BEGIN
        ALTER TABLE mailbox.mime_body ALTER COLUMN raw SET COMPRESSION lz4;
        ALTER TABLE mailbox.item ALTER COLUMN body_text SET COMPRESSION lz4,
          ALTER COLUMN body_html SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported THEN
        NULL;
      END
      $$;
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE mailbox.mime_body ALTER COLUMN raw SET COMPRESSION pglz;
      ALTER TABLE mailbox.item ALTER COLUMN body_text SET COMPRESSION pglz,
        ALTER COLUMN body_html SET COMPRESSION pglz;
    `);
  }
}
