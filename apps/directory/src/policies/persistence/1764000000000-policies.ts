import type { MigrationInterface, QueryRunner } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { DEFAULT_EAS_POLICY } from '@mail/policy';

/**
 * EAS mobile device mailbox policies (one default, created here as "Default" with every
 * setting at its libs/policy default), their assignment to users, and email address policies.
 */
export class Policies1764000000000 implements MigrationInterface {
  name = 'Policies1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE directory.mobile_device_mailbox_policy (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        is_default boolean NOT NULL DEFAULT false,
        -- always the full resolved set of MS-ASPROV settings
        settings jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX mobile_device_mailbox_policy_name ON directory.mobile_device_mailbox_policy (lower(name));
      CREATE UNIQUE INDEX mobile_device_mailbox_policy_one_default ON directory.mobile_device_mailbox_policy (is_default) WHERE is_default;

      -- policy_id NULL: the user was set back to the organization's default policy
      CREATE TABLE directory.mailbox_policy_assignment (
        user_id uuid PRIMARY KEY REFERENCES directory.mailbox_user (id) ON DELETE CASCADE,
        policy_id uuid REFERENCES directory.mobile_device_mailbox_policy (id)
      );
      CREATE INDEX mailbox_policy_assignment_policy ON directory.mailbox_policy_assignment (policy_id);

      CREATE TABLE directory.email_address_policy (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        priority integer NOT NULL UNIQUE CHECK (priority >= 1),
        -- recipient filter: mailboxes whose primary address is in this domain; NULL: all mailboxes
        domain text CHECK (domain = lower(domain)),
        -- Exchange's EnabledEmailAddressTemplates, the SMTP: (reply) template first
        templates jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX email_address_policy_name ON directory.email_address_policy (lower(name));
    `);
    await runner.query(
      `INSERT INTO directory.mobile_device_mailbox_policy (id, name, is_default, settings) VALUES ($1, 'Default', true, $2)`,
      [randomUUID(), JSON.stringify(DEFAULT_EAS_POLICY)],
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DROP TABLE directory.email_address_policy; DROP TABLE directory.mailbox_policy_assignment;
      DROP TABLE directory.mobile_device_mailbox_policy;
    `);
  }
}
