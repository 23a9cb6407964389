import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mobile devices under their user, device access rules and the organization's ActiveSync
 * settings (one row: the default access level). A device goes with its user.
 */
export class Devices1764100000000 implements MigrationInterface {
  name = 'Devices1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE directory.mobile_device (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES directory.mailbox_user (id) ON DELETE CASCADE,
        device_id text NOT NULL,
        device_type text NOT NULL,
        device_model text,
        friendly_name text,
        device_os text,
        device_os_language text,
        device_imei text,
        device_telephone_number text,
        device_mobile_operator text,
        device_user_agent text,
        first_sync_time timestamptz NOT NULL,
        last_sync_time timestamptz NOT NULL,
        device_policy_applied text,
        policy_key text,
        -- an admin's allow/block/quarantine for this device; it wins over rules and the default
        individual_access text CHECK (individual_access IN ('Allow', 'Block', 'Quarantine')),
        access_state text NOT NULL
          CHECK (access_state IN ('Allowed', 'Blocked', 'Quarantined', 'DeviceDiscovery')),
        access_state_reason text NOT NULL
          CHECK (access_state_reason IN ('Global', 'Individual', 'DeviceRule', 'Policy', 'Upgrade')),
        wipe_request_time timestamptz,
        wipe_sent_time timestamptz,
        wipe_ack_time timestamptz,
        account_only_wipe boolean NOT NULL DEFAULT false,
        -- kept readable: an administrator reads it back to unlock the device (Exchange does too)
        recovery_password text,
        UNIQUE (user_id, device_id)
      );

      CREATE TABLE directory.device_access_rule (
        id uuid PRIMARY KEY,
        characteristic text NOT NULL CHECK (characteristic IN ('DeviceType', 'DeviceModel')),
        query_string text NOT NULL,
        access_level text NOT NULL CHECK (access_level IN ('Allow', 'Block', 'Quarantine')),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- rules match case-insensitively, so two rules differing only in case would be ambiguous
      CREATE UNIQUE INDEX device_access_rule_query
        ON directory.device_access_rule (characteristic, lower(query_string));

      CREATE TABLE directory.activesync_organization_settings (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        default_access_level text NOT NULL DEFAULT 'Allow'
          CHECK (default_access_level IN ('Allow', 'Block', 'Quarantine'))
      );
      INSERT INTO directory.activesync_organization_settings DEFAULT VALUES;
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DROP TABLE directory.activesync_organization_settings;
      DROP TABLE directory.device_access_rule;
      DROP TABLE directory.mobile_device;
    `);
  }
}
