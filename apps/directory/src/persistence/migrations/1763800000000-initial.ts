import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accepted domains and mailbox users: what bootstrap and sign-in need. */
export class Initial1763800000000 implements MigrationInterface {
  name = 'Initial1763800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE directory.accepted_domain (
        id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE CHECK (name = lower(name)),
        domain_type text NOT NULL CHECK (domain_type IN ('Authoritative', 'InternalRelay', 'ExternalRelay')),
        is_default boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX accepted_domain_one_default ON directory.accepted_domain (is_default) WHERE is_default;
      CREATE TABLE directory.mailbox_user (
        id uuid PRIMARY KEY,
        user_principal_name text NOT NULL UNIQUE CHECK (user_principal_name = lower(user_principal_name)),
        alias text NOT NULL,
        display_name text NOT NULL,
        password_hash text,
        is_admin boolean NOT NULL DEFAULT false,
        eas_enabled boolean NOT NULL DEFAULT true,
        account_disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX mailbox_user_alias ON directory.mailbox_user (lower(alias));
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE directory.mailbox_user; DROP TABLE directory.accepted_domain;');
  }
}
