import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recipients beyond the bootstrap user: person attributes, proxy addresses unique across every
 * recipient, distribution groups with (nested) members, mail contacts, and sign-in throttling.
 */
export class Recipients1763900000000 implements MigrationInterface {
  name = 'Recipients1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE directory.mailbox_user
        ADD COLUMN given_name text, ADD COLUMN surname text, ADD COLUMN title text,
        ADD COLUMN department text, ADD COLUMN office text, ADD COLUMN business_phone text,
        ADD COLUMN mobile_phone text, ADD COLUMN home_phone text;

      CREATE TABLE directory.distribution_group (
        id uuid PRIMARY KEY,
        alias text NOT NULL,
        display_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE directory.mail_contact (
        id uuid PRIMARY KEY,
        external_email_address text NOT NULL UNIQUE,
        display_name text NOT NULL,
        given_name text,
        surname text,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      -- Every SMTP address of a mailbox user or group, unique across recipients; one primary each.
      CREATE TABLE directory.proxy_address (
        address text PRIMARY KEY CHECK (address = lower(address)),
        recipient_id uuid NOT NULL,
        recipient_kind text NOT NULL CHECK (recipient_kind IN ('mailbox', 'group')),
        is_primary boolean NOT NULL DEFAULT false,
        -- 'manual' addresses are never removed when an address policy is applied again
        source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'policy'))
      );
      CREATE UNIQUE INDEX proxy_address_one_primary ON directory.proxy_address (recipient_id) WHERE is_primary;
      CREATE INDEX proxy_address_recipient ON directory.proxy_address (recipient_id);
      INSERT INTO directory.proxy_address (address, recipient_id, recipient_kind, is_primary)
        SELECT user_principal_name, id, 'mailbox', true FROM directory.mailbox_user;

      CREATE TABLE directory.group_member (
        group_id uuid NOT NULL REFERENCES directory.distribution_group (id) ON DELETE CASCADE,
        member_id uuid NOT NULL,
        member_kind text NOT NULL CHECK (member_kind IN ('mailbox', 'group', 'contact')),
        PRIMARY KEY (group_id, member_id)
      );
      CREATE INDEX group_member_member ON directory.group_member (member_id);

      -- Failed sign-ins per key ('user:<upn>' or 'source:<address>'), for back-off and lockout.
      CREATE TABLE directory.sign_in_throttle (
        key text PRIMARY KEY,
        failures integer NOT NULL,
        last_failure_at timestamptz NOT NULL,
        blocked_until timestamptz
      );
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DROP TABLE directory.sign_in_throttle; DROP TABLE directory.group_member;
      DROP TABLE directory.proxy_address; DROP TABLE directory.mail_contact;
      DROP TABLE directory.distribution_group;
      ALTER TABLE directory.mailbox_user DROP COLUMN given_name, DROP COLUMN surname, DROP COLUMN title,
        DROP COLUMN department, DROP COLUMN office, DROP COLUMN business_phone,
        DROP COLUMN mobile_phone, DROP COLUMN home_phone;
    `);
  }
}
