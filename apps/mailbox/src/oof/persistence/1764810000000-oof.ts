import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Out of office per mailbox (EAS Settings Oof): state, window and the reply of each audience;
 * and the senders already answered in the current absence, forgotten whenever the settings are
 * set again, so each absence answers each sender once (RFC 3834 section 2).
 */
export class Oof1764810000000 implements MigrationInterface {
  name = 'Oof1764810000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE mailbox.oof (
        mailbox_id uuid PRIMARY KEY REFERENCES mailbox.mailbox (id) ON DELETE CASCADE,
        state smallint NOT NULL CHECK (state IN (0, 1, 2)),
        start_time timestamptz,
        end_time timestamptz,
        messages jsonb NOT NULL,
        CHECK (state <> 2 OR (start_time IS NOT NULL AND end_time IS NOT NULL))
      );
      CREATE TABLE mailbox.oof_replied (
        mailbox_id uuid NOT NULL REFERENCES mailbox.mailbox (id) ON DELETE CASCADE,
        sender text NOT NULL,
        replied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (mailbox_id, sender)
      );
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE mailbox.oof_replied; DROP TABLE mailbox.oof;');
  }
}
