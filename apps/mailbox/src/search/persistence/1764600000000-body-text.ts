import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search covers the whole plain-text body, not just its preview: items keep the body text
 * (capped by the delivery code, since a tsvector holds at most 1 MB) and the search document
 * is built from it.
 */
export class BodyText1764600000000 implements MigrationInterface {
  name = 'BodyText1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE mailbox.item ADD COLUMN body_text text;
      CREATE OR REPLACE FUNCTION mailbox.item_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO mailbox.item_search (item_id, mailbox_id, document)
        VALUES (NEW.id, NEW.mailbox_id, mailbox.item_search_document(
          NEW.subject, NEW.sender, NEW.to_recipients, NEW.cc_recipients, coalesce(NEW.body_text, NEW.preview)))
        ON CONFLICT (item_id) DO UPDATE SET document = excluded.document;
        RETURN NULL;
      END
      $$;
      DROP TRIGGER item_search_sync ON mailbox.item;
      CREATE TRIGGER item_search_sync
        AFTER INSERT OR UPDATE OF subject, sender, to_recipients, cc_recipients, preview, body_text
        ON mailbox.item FOR EACH ROW EXECUTE FUNCTION mailbox.item_search_sync();
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DROP TRIGGER item_search_sync ON mailbox.item;
      CREATE OR REPLACE FUNCTION mailbox.item_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO mailbox.item_search (item_id, mailbox_id, document)
        VALUES (NEW.id, NEW.mailbox_id, mailbox.item_search_document(
          NEW.subject, NEW.sender, NEW.to_recipients, NEW.cc_recipients, NEW.preview))
        ON CONFLICT (item_id) DO UPDATE SET document = excluded.document;
        RETURN NULL;
      END
      $$;
      CREATE TRIGGER item_search_sync
        AFTER INSERT OR UPDATE OF subject, sender, to_recipients, cc_recipients, preview
        ON mailbox.item FOR EACH ROW EXECUTE FUNCTION mailbox.item_search_sync();
      ALTER TABLE mailbox.item DROP COLUMN body_text;
    `);
  }
}
