import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Mailbox users' published S/MIME certificates (userSMIMECertificate), DER, a few per user. */
export class SmimeCertificates1764820000000 implements MigrationInterface {
  name = 'SmimeCertificates1764820000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE directory.mailbox_certificate (
        mailbox_user_id uuid NOT NULL REFERENCES directory.mailbox_user (id) ON DELETE CASCADE,
        -- SHA-256 of the DER: the same certificate is published once.
        thumbprint text NOT NULL,
        der bytea NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (mailbox_user_id, thumbprint)
      );
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE directory.mailbox_certificate;');
  }
}
