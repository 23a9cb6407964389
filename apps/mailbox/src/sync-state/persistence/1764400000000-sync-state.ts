import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * EAS sync state (DESIGN.md, "Sync state"): per (mailbox, device, collection) a head row that
 * writers lock, at most one acknowledged and one pending generation, and the ClientId ->
 * ServerId map of the device's adds. The empty collection id is the folder hierarchy
 * (FolderSync); a CollectionId is never empty.
 */
export class SyncState1764400000000 implements MigrationInterface {
  name = 'SyncState1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE mailbox.sync_collection (
        mailbox_id uuid NOT NULL REFERENCES mailbox.mailbox (id) ON DELETE CASCADE,
        device_id text NOT NULL,
        collection_id text NOT NULL,
        PRIMARY KEY (mailbox_id, device_id, collection_id)
      );
      CREATE TABLE mailbox.sync_state (
        mailbox_id uuid NOT NULL,
        device_id text NOT NULL,
        collection_id text NOT NULL,
        sync_key bigint NOT NULL CHECK (sync_key > 0),
        acknowledged boolean NOT NULL,
        change_number bigint NOT NULL CHECK (change_number >= 0),
        state bytea NOT NULL,
        -- Kept only while pending: once confirmed, the device has it.
        answer bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (mailbox_id, device_id, collection_id, sync_key),
        FOREIGN KEY (mailbox_id, device_id, collection_id)
          REFERENCES mailbox.sync_collection ON DELETE CASCADE,
        CHECK (acknowledged = (answer IS NULL))
      );
      CREATE UNIQUE INDEX sync_state_acknowledged ON mailbox.sync_state
        (mailbox_id, device_id, collection_id) WHERE acknowledged;
      CREATE UNIQUE INDEX sync_state_pending ON mailbox.sync_state
        (mailbox_id, device_id, collection_id) WHERE NOT acknowledged;
      -- sync_key: the SyncKey of the request that carried the Add; pruned once the device has
      -- confirmed a later key, because by then it holds the ServerId.
      CREATE TABLE mailbox.sync_client_id (
        mailbox_id uuid NOT NULL,
        device_id text NOT NULL,
        collection_id text NOT NULL,
        client_id text NOT NULL,
        server_id text NOT NULL,
        sync_key bigint NOT NULL,
        PRIMARY KEY (mailbox_id, device_id, collection_id, client_id),
        FOREIGN KEY (mailbox_id, device_id, collection_id)
          REFERENCES mailbox.sync_collection ON DELETE CASCADE
      );
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'DROP TABLE mailbox.sync_client_id, mailbox.sync_state, mailbox.sync_collection',
    );
  }
}
