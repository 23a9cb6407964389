import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Mailbox users' photos (thumbnailPhoto), apart from the user rows every sign-in reads. */
export class Photos1764810000000 implements MigrationInterface {
  name = 'Photos1764810000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE directory.mailbox_photo (
        mailbox_user_id uuid PRIMARY KEY REFERENCES directory.mailbox_user (id) ON DELETE CASCADE,
        photo bytea NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE directory.mailbox_photo;');
  }
}
