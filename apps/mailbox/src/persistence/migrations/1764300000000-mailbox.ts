import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mailboxes, folders, email items stored once as raw MIME, attachments, the per-folder change
 * journal and the delivery record that makes delivery idempotent.
 */
export class Mailbox1764300000000 implements MigrationInterface {
  name = 'Mailbox1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE mailbox.mailbox (
        id uuid PRIMARY KEY,
        owner text NOT NULL UNIQUE CHECK (owner = lower(owner)),
        created_at timestamptz NOT NULL DEFAULT now(),
        quota_bytes bigint,
        item_count bigint NOT NULL DEFAULT 0,
        total_size bigint NOT NULL DEFAULT 0,
        -- Advances with every folder create, rename, move and delete (FolderSync).
        hierarchy_change_number bigint NOT NULL DEFAULT 0
      );
      CREATE TABLE mailbox.folder (
        id uuid PRIMARY KEY,
        mailbox_id uuid NOT NULL REFERENCES mailbox.mailbox (id) ON DELETE CASCADE,
        parent_id uuid REFERENCES mailbox.folder (id) ON DELETE CASCADE,
        display_name text NOT NULL,
        folder_type smallint NOT NULL CHECK (folder_type IN (1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,17)),
        is_default boolean NOT NULL DEFAULT false,
        change_number bigint NOT NULL DEFAULT 0
      );
      CREATE UNIQUE INDEX folder_name_in_parent ON mailbox.folder
        (mailbox_id, coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(display_name));
      CREATE INDEX folder_parent ON mailbox.folder (parent_id);
      CREATE TABLE mailbox.item (
        id uuid PRIMARY KEY,
        mailbox_id uuid NOT NULL REFERENCES mailbox.mailbox (id) ON DELETE CASCADE,
        folder_id uuid NOT NULL REFERENCES mailbox.folder (id) ON DELETE CASCADE,
        item_class text NOT NULL CHECK (item_class IN ('Email')),
        created_at timestamptz NOT NULL DEFAULT now(),
        modified_at timestamptz NOT NULL DEFAULT now(),
        read boolean NOT NULL DEFAULT false,
        flag_status smallint NOT NULL DEFAULT 0,
        flag_start_date timestamptz,
        flag_due_date timestamptz,
        flag_complete_time timestamptz,
        categories text[] NOT NULL DEFAULT '{}',
        importance smallint NOT NULL DEFAULT 1,
        message_class text NOT NULL,
        subject text NOT NULL,
        sender text,
        to_recipients text,
        cc_recipients text,
        date_received timestamptz NOT NULL,
        conversation_id bytea NOT NULL,
        conversation_index bytea NOT NULL,
        last_verb_executed smallint,
        last_verb_execution_time timestamptz,
        preview text NOT NULL,
        size bigint NOT NULL,
        has_attachments boolean NOT NULL
      );
      CREATE INDEX item_folder ON mailbox.item (folder_id, date_received DESC);
      CREATE TABLE mailbox.mime_body (
        item_id uuid PRIMARY KEY REFERENCES mailbox.item (id) ON DELETE CASCADE,
        raw bytea NOT NULL
      );
      -- Decoded attachment bytes, so an attachment is served without parsing its message again.
      CREATE TABLE mailbox.attachment (
        item_id uuid NOT NULL REFERENCES mailbox.item (id) ON DELETE CASCADE,
        ordinal int NOT NULL,
        file_name text,
        content_type text NOT NULL,
        content_id text,
        is_inline boolean NOT NULL,
        size bigint NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (item_id, ordinal)
      );
      CREATE TABLE mailbox.journal (
        mailbox_id uuid NOT NULL REFERENCES mailbox.mailbox (id) ON DELETE CASCADE,
        folder_id uuid NOT NULL REFERENCES mailbox.folder (id) ON DELETE CASCADE,
        change_number bigint NOT NULL,
        item_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('add', 'change', 'delete', 'move-out', 'move-in')),
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (folder_id, change_number)
      );
      -- No foreign key to item: the record outlives a deleted item, so a retry never redelivers it.
      CREATE TABLE mailbox.delivery (
        queue_id text NOT NULL,
        recipient text NOT NULL,
        item_id uuid NOT NULL,
        folder_id uuid NOT NULL,
        delivered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (queue_id, recipient)
      );
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE mailbox.delivery, mailbox.journal, mailbox.attachment,
      mailbox.mime_body, mailbox.item, mailbox.folder, mailbox.mailbox`);
  }
}
