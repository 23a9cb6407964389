import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every EAS class in the item table, and what CAS needs to read it fast:
 * - calendar, contact, task, note and SMS items keep their properties as jsonb (validated by
 *   the class schemas in libs/contracts); conversation columns become email-only;
 * - `filter_date` is the date EAS's FilterType compares (received, end of the last occurrence,
 *   due date; 'infinity' for "always inside") and `complete` marks finished tasks, with the
 *   index that pages a folder newest first by it;
 * - `change_number` is the item's last change number in its folder;
 * - the HTML body, Reply-To and DisplayTo are parsed properties of an email, like its text;
 * - journal entries carry the origin of the change (a device id), so CAS need not echo it;
 * - `client_key` makes client creates idempotent; attachment bytes are stored uncompressed
 *   out of line, so a byte range is read without the whole attachment.
 */
export class ItemClasses1764700000000 implements MigrationInterface {
  name = 'ItemClasses1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE mailbox.item DROP CONSTRAINT item_item_class_check;
      ALTER TABLE mailbox.item ADD CONSTRAINT item_class_known
        CHECK (item_class IN ('Email', 'Calendar', 'Contacts', 'Tasks', 'Notes', 'SMS'));
      ALTER TABLE mailbox.item
        ALTER COLUMN conversation_id DROP NOT NULL,
        ALTER COLUMN conversation_index DROP NOT NULL,
        ADD COLUMN properties jsonb,
        ADD COLUMN body_html text,
        ADD COLUMN reply_to text,
        ADD COLUMN display_to text,
        ADD COLUMN filter_date timestamptz,
        ADD COLUMN complete boolean NOT NULL DEFAULT false,
        ADD COLUMN change_number bigint NOT NULL DEFAULT 0,
        ADD CONSTRAINT item_properties_of_class CHECK ((item_class = 'Email') = (properties IS NULL));
      UPDATE mailbox.item i SET filter_date = date_received,
        change_number = coalesce((SELECT max(j.change_number) FROM mailbox.journal j
          WHERE j.folder_id = i.folder_id AND j.item_id = i.id), 0);
      ALTER TABLE mailbox.item ALTER COLUMN filter_date SET NOT NULL;
      DROP INDEX mailbox.item_folder;
      -- Ascending, scanned backwards: a row comparison on (filter_date, id) is then an index bound.
      CREATE INDEX item_folder_filter ON mailbox.item (folder_id, filter_date, id);

      ALTER TABLE mailbox.journal ADD COLUMN origin text;
      ALTER TABLE mailbox.attachment ALTER COLUMN data SET STORAGE EXTERNAL;

      CREATE TABLE mailbox.client_key (
        mailbox_id uuid NOT NULL REFERENCES mailbox.mailbox (id) ON DELETE CASCADE,
        key text NOT NULL,
        item_id uuid NOT NULL,
        folder_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (mailbox_id, key)
      );

      -- Items keep their whole plain-text body now; the search document takes its first 256 K
      -- characters (a tsvector holds at most 1 MB).
      CREATE OR REPLACE FUNCTION mailbox.item_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO mailbox.item_search (item_id, mailbox_id, document)
        VALUES (NEW.id, NEW.mailbox_id, mailbox.item_search_document(
          NEW.subject, NEW.sender, NEW.to_recipients, NEW.cc_recipients,
          left(coalesce(NEW.body_text, NEW.preview), 262144)))
        ON CONFLICT (item_id) DO UPDATE SET document = excluded.document;
        RETURN NULL;
      END
      $$;
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE OR REPLACE FUNCTION mailbox.item_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO mailbox.item_search (item_id, mailbox_id, document)
        VALUES (NEW.id, NEW.mailbox_id, mailbox.item_search_document(
          NEW.subject, NEW.sender, NEW.to_recipients, NEW.cc_recipients, coalesce(NEW.body_text, NEW.preview)))
        ON CONFLICT (item_id) DO UPDATE SET document = excluded.document;
        RETURN NULL;
      END
      $$;
      DROP TABLE mailbox.client_key;
      ALTER TABLE mailbox.attachment ALTER COLUMN data SET STORAGE EXTENDED;
      ALTER TABLE mailbox.journal DROP COLUMN origin;
      DELETE FROM mailbox.item WHERE item_class <> 'Email';
      DROP INDEX mailbox.item_folder_filter;
      CREATE INDEX item_folder ON mailbox.item (folder_id, date_received DESC);
      ALTER TABLE mailbox.item DROP CONSTRAINT item_properties_of_class,
        DROP COLUMN properties, DROP COLUMN body_html, DROP COLUMN reply_to, DROP COLUMN display_to,
        DROP COLUMN filter_date, DROP COLUMN complete, DROP COLUMN change_number,
        ALTER COLUMN conversation_id SET NOT NULL, ALTER COLUMN conversation_index SET NOT NULL,
        DROP CONSTRAINT item_class_known,
        ADD CONSTRAINT item_item_class_check CHECK (item_class IN ('Email'));
    `);
  }
}
