import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search documents are built after the commit that wrote the item, not inside it. Parsing a
 * body into a tsvector and inserting it into the GIN index was about a third of PostgreSQL's
 * time per delivery; the deliveries' commits now only note which items wait
 * (`item_search_pending`), and `mailbox.item_search_index` builds their documents in batches,
 * from the mailbox role's background indexer and, for one mailbox, before every search of it,
 * so a search never misses what was committed before it began.
 *
 * Why the queue's rows are locked as they are: an item's text may change while its document is
 * being built. The change trigger takes the item's queue row (inserting it, or updating it in
 * place); the indexer deletes the rows it takes before it reads the items, in a later statement
 * with a fresh snapshot. Whichever comes second waits for the first to commit: either the
 * indexer reads the changed text, or the change queues the item anew.
 */
export class SearchIndexLater1765300000000 implements MigrationInterface {
  name = 'SearchIndexLater1765300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE mailbox.item_search_pending (
        mailbox_id uuid NOT NULL,
        item_id uuid NOT NULL,
        PRIMARY KEY (mailbox_id, item_id)
      );

      DROP TRIGGER item_search_sync ON mailbox.item;
      DROP FUNCTION mailbox.item_search_sync();

      -- Once per INSERT statement: a batch of deliveries queues its items in one insert.
      CREATE FUNCTION mailbox.item_search_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO mailbox.item_search_pending (mailbox_id, item_id)
        SELECT mailbox_id, id FROM added ON CONFLICT DO NOTHING;
        RETURN NULL;
      END
      $$;
      CREATE TRIGGER item_search_added AFTER INSERT ON mailbox.item
        REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION mailbox.item_search_added();

      CREATE FUNCTION mailbox.item_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO mailbox.item_search_pending (mailbox_id, item_id)
        VALUES (NEW.mailbox_id, NEW.id)
        ON CONFLICT (mailbox_id, item_id) DO UPDATE SET item_id = excluded.item_id;
        RETURN NULL;
      END
      $$;
      CREATE TRIGGER item_search_changed
        AFTER UPDATE OF subject, sender, to_recipients, cc_recipients, preview, body_text
        ON mailbox.item FOR EACH ROW EXECUTE FUNCTION mailbox.item_search_changed();

      -- Builds the documents of up to p_limit waiting items (NULL: all) and answers how many
      -- it took. Without a mailbox it takes what no other indexer holds; for one mailbox (a
      -- search about to run) it first waits for the indexers holding that mailbox's items, so
      -- their documents are committed when the search's own statement begins.
      CREATE FUNCTION mailbox.item_search_index(p_mailbox uuid, p_limit int)
      RETURNS int LANGUAGE plpgsql AS $$
      DECLARE
        taken uuid[];
      BEGIN
        IF p_mailbox IS NOT NULL THEN
          PERFORM FROM mailbox.item_search_pending WHERE mailbox_id = p_mailbox
          ORDER BY item_id FOR UPDATE;
        END IF;
        WITH gone AS (
          DELETE FROM mailbox.item_search_pending p
          USING (SELECT mailbox_id, item_id FROM mailbox.item_search_pending
                 WHERE p_mailbox IS NULL OR mailbox_id = p_mailbox
                 ORDER BY mailbox_id, item_id LIMIT p_limit FOR UPDATE SKIP LOCKED) t
          WHERE p.mailbox_id = t.mailbox_id AND p.item_id = t.item_id
          RETURNING p.item_id)
        SELECT array_agg(item_id) INTO taken FROM gone;
        IF taken IS NULL THEN
          RETURN 0;
        END IF;
        -- An item deleted since it was queued has no row here; its queue row just goes.
        INSERT INTO mailbox.item_search (item_id, mailbox_id, document)
        SELECT id, mailbox_id, mailbox.item_search_document(subject, sender, to_recipients,
          cc_recipients, left(coalesce(body_text, preview), 262144))
        FROM mailbox.item WHERE id = ANY(taken)
        ON CONFLICT (item_id) DO UPDATE SET document = excluded.document;
        RETURN cardinality(taken);
      END
      $$;

      -- Items written while the migration runs have no document yet: none before it.
      INSERT INTO mailbox.item_search_pending (mailbox_id, item_id)
      SELECT i.mailbox_id, i.id FROM mailbox.item i
      WHERE NOT EXISTS (SELECT FROM mailbox.item_search s WHERE s.item_id = i.id);
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      SELECT mailbox.item_search_index(NULL, NULL);
      DROP FUNCTION mailbox.item_search_index(uuid, int);
      DROP TRIGGER item_search_changed ON mailbox.item;
      DROP FUNCTION mailbox.item_search_changed();
      DROP TRIGGER item_search_added ON mailbox.item;
      DROP FUNCTION mailbox.item_search_added();
      DROP TABLE mailbox.item_search_pending;
      CREATE FUNCTION mailbox.item_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO mailbox.item_search (item_id, mailbox_id, document)
        VALUES (NEW.id, NEW.mailbox_id, mailbox.item_search_document(
          NEW.subject, NEW.sender, NEW.to_recipients, NEW.cc_recipients,
          left(coalesce(NEW.body_text, NEW.preview), 262144)))
        ON CONFLICT (item_id) DO UPDATE SET document = excluded.document;
        RETURN NULL;
      END
      $$;
      CREATE TRIGGER item_search_sync
        AFTER INSERT OR UPDATE OF subject, sender, to_recipients, cc_recipients, preview, body_text
        ON mailbox.item FOR EACH ROW EXECUTE FUNCTION mailbox.item_search_sync();
    `);
  }
}
