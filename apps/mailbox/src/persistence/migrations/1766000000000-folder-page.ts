import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * mailbox.folder_page: the ids of one page of a folder, newest first by filter date (then id),
 * read in the order of the index on (folder_id, filter_date, id), so a page costs its length.
 *
 * As a plain statement, the planner chose that only when it expected the folder to be large:
 * for a folder that grew since the last ANALYZE (a new mailbox filled at once, an import), or
 * one far larger than the average of its table, it expected a few rows and read every item
 * after the cursor through a bitmap, then sorted them; 512 ids of a 10,000-item Inbox took
 * 12 to 15 ms instead of 1. So the function turns bitmap scans off for itself, and every bound
 * is one the index can start or stop at: the cursor and `before` are one upper bound (the
 * nearer of the two), `since` the lower one. Items 'always inside' have filter date infinity,
 * and none has the all-ones id, so ('infinity', that id) is above every item.
 */
export class FolderPage1766000000000 implements MigrationInterface {
  name = 'FolderPage1766000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE FUNCTION mailbox.folder_page(
        folder uuid, classes text[], since timestamptz, before timestamptz,
        incomplete_only boolean, after_date timestamptz, after_id uuid, page_size int)
      RETURNS TABLE (id uuid) LANGUAGE sql STABLE
      SET enable_bitmapscan = off
      AS $$
        SELECT i.id FROM mailbox.item i
        WHERE i.folder_id = folder
          AND i.filter_date >= coalesce(since, '-infinity')
          AND (i.filter_date, i.id) < (
            CASE WHEN before IS NOT NULL AND (after_date IS NULL OR before <= after_date)
              THEN before ELSE coalesce(after_date, 'infinity') END,
            CASE WHEN before IS NOT NULL AND (after_date IS NULL OR before <= after_date)
              THEN '00000000-0000-0000-0000-000000000000'::uuid
              ELSE coalesce(after_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid) END)
          AND (classes IS NULL OR i.item_class = ANY (classes))
          AND (NOT incomplete_only OR i.item_class <> 'Tasks' OR NOT i.complete)
        ORDER BY i.filter_date DESC, i.id DESC
        LIMIT page_size
      $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP FUNCTION mailbox.folder_page`);
  }
}
