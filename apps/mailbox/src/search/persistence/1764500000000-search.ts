import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text search over items. The document lives in its own table, kept by a trigger on
 * mailbox.item, so every code path that writes items keeps it current without knowing about
 * search, and the item rows the sync pages through stay narrow.
 *
 * What is indexed: subject (weight A), sender and recipients (B), the preview (C). The item
 * table keeps no full plain-text body (only the raw MIME and the 255-character preview), so
 * words past the preview are not found until an item column carries the body text; then
 * `mailbox.item_search_document` and the trigger take it as the C text.
 */
export class Search1764500000000 implements MigrationInterface {
  name = 'Search1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE mailbox.item_search (
        item_id uuid PRIMARY KEY REFERENCES mailbox.item (id) ON DELETE CASCADE,
        -- Copied from the item (which never changes mailbox) so a search narrows to one
        -- mailbox before it joins the items.
        mailbox_id uuid NOT NULL,
        document tsvector NOT NULL
      );
      CREATE INDEX item_search_document ON mailbox.item_search USING gin (document);

      -- 'simple': no stemming or stop words, so any language's words match as written.
      -- Addresses are indexed whole (lee@fabrikam.com) and in parts (lee, fabrikam, com); the
      -- angle brackets go too, or the parser would skip "<lee fabrikam com>" as a markup tag.
      CREATE FUNCTION mailbox.item_search_document(
        subject text, sender text, to_recipients text, cc_recipients text, body text
      ) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
        SELECT setweight(to_tsvector('simple', coalesce(subject, '')), 'A')
          || setweight(to_tsvector('simple', concat_ws(' ', sender, to_recipients, cc_recipients,
               translate(concat_ws(' ', sender, to_recipients, cc_recipients), '@.<>', '    '))), 'B')
          || setweight(to_tsvector('simple', coalesce(body, '')), 'C')
      $$;

      CREATE FUNCTION mailbox.item_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
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

      INSERT INTO mailbox.item_search (item_id, mailbox_id, document)
      SELECT id, mailbox_id,
        mailbox.item_search_document(subject, sender, to_recipients, cc_recipients, preview)
      FROM mailbox.item;
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DROP TRIGGER item_search_sync ON mailbox.item;
      DROP FUNCTION mailbox.item_search_sync();
      DROP FUNCTION mailbox.item_search_document(text, text, text, text, text);
      DROP TABLE mailbox.item_search;
    `);
  }
}
