import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The indexer locks the items it builds documents of (FOR KEY SHARE, in id order) while it
 * reads them. An item deleted after the indexer's snapshot was still read, and its document's
 * foreign key then failed: the whole batch was refused and retried with a warning. Locked, a
 * deleted item is skipped, and a delete that comes after waits for the documents' commit and
 * removes its own with the item.
 */
export class SearchIndexLocksItems1765700000000 implements MigrationInterface {
  name = 'SearchIndexLocksItems1765700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(indexFunction('FOR KEY SHARE'));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(indexFunction(''));
  }
}

/** mailbox.item_search_index as 1765300000000-search-index-later.ts defines it, with `lock`. */
const indexFunction = (lock: string) => `
  CREATE OR REPLACE FUNCTION mailbox.item_search_index(p_mailbox uuid, p_limit int)
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
    FROM (SELECT * FROM mailbox.item WHERE id = ANY(taken) ORDER BY id ${lock}) i
    ON CONFLICT (item_id) DO UPDATE SET document = excluded.document;
    RETURN cardinality(taken);
  END
  $$;
`;
