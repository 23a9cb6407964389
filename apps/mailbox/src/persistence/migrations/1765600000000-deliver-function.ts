import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Storing deliveries as one statement: mailbox.deliver_batch writes what delivery-batch.ts
 * wrote in a client-side transaction of up to twelve round trips (BEGIN, the claims, the
 * repeats' first deliveries, mailbox locks, counters, folder locks, change numbers, journal,
 * items, MIME, attachments, COMMIT); under push load most deliveries come alone, so this was
 * the mailbox's largest share of statements. Same rows, same lock order (delivery keys as the
 * caller sorted them, then mailbox rows, then folder rows, each in id order), same journal
 * numbering. The entries' arrays are aligned; MIME and attachment bytes come as one binary
 * parameter each with where each part starts (delivery-batch.ts says why).
 *
 * Errors the caller maps: MBQ01 when a mailbox would pass its quota (nothing is written),
 * MBN01 when a mailbox is gone.
 */
export class DeliverFunction1765600000000 implements MigrationInterface {
  name = 'DeliverFunction1765600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE FUNCTION mailbox.deliver_batch(
        p_queue_ids text[], p_recipients text[], p_item_ids uuid[], p_mailbox_ids uuid[],
        p_folder_ids uuid[], p_received timestamptz[], p_importance smallint[],
        p_message_class text[], p_subject text[], p_sender text[], p_to text[], p_cc text[],
        p_reply_to text[], p_display_to text[], p_conversation_id bytea[],
        p_conversation_index bytea[], p_preview text[], p_has_attachments boolean[],
        p_body_text text[], p_body_html text[], p_mime bytea, p_mime_starts int[],
        p_mime_lengths int[], a_item_ids uuid[], a_ordinals int[], a_file_names text[],
        a_content_types text[], a_content_ids text[], a_inline boolean[], a_data bytea,
        a_starts int[], a_lengths int[])
      RETURNS TABLE (o_item_id uuid, o_folder_id uuid, o_duplicate boolean)
      LANGUAGE plpgsql AS $$
      DECLARE
        fresh uuid[];
        numbers bigint[];
        box record;
      BEGIN
        WITH claimed AS (
          INSERT INTO mailbox.delivery (queue_id, recipient, item_id, folder_id)
          SELECT * FROM unnest(p_queue_ids, p_recipients, p_item_ids, p_folder_ids)
          ON CONFLICT DO NOTHING RETURNING item_id)
        SELECT coalesce(array_agg(item_id), '{}') INTO fresh FROM claimed;

        IF cardinality(fresh) > 0 THEN
          PERFORM 1 FROM mailbox.mailbox
           WHERE id IN (SELECT x.mailbox_id FROM unnest(p_item_ids, p_mailbox_ids) AS x(item_id, mailbox_id)
                         WHERE x.item_id = ANY(fresh))
           ORDER BY id FOR UPDATE;
          FOR box IN
            SELECT m.id, m.quota_bytes, m.total_size, c.size, c.n
              FROM (SELECT x.mailbox_id, count(*) AS n, sum(x.size) AS size
                      FROM unnest(p_item_ids, p_mailbox_ids, p_mime_lengths) AS x(item_id, mailbox_id, size)
                     WHERE x.item_id = ANY(fresh) GROUP BY x.mailbox_id) c
              LEFT JOIN mailbox.mailbox m ON m.id = c.mailbox_id
          LOOP
            IF box.id IS NULL THEN
              RAISE EXCEPTION 'mailbox not found' USING ERRCODE = 'MBN01';
            END IF;
            IF box.quota_bytes IS NOT NULL AND box.total_size + box.size > box.quota_bytes THEN
              RAISE EXCEPTION 'mailbox full: % bytes more would pass its quota of % bytes',
                box.size, box.quota_bytes USING ERRCODE = 'MBQ01';
            END IF;
            UPDATE mailbox.mailbox SET item_count = item_count + box.n, total_size = total_size + box.size
             WHERE id = box.id;
          END LOOP;

          PERFORM 1 FROM mailbox.folder
           WHERE id IN (SELECT x.folder_id FROM unnest(p_item_ids, p_folder_ids) AS x(item_id, folder_id)
                         WHERE x.item_id = ANY(fresh))
           ORDER BY id FOR UPDATE;
          -- Each folder advances by its entries' count; its entries take the numbers in order.
          WITH entries AS (
            SELECT x.folder_id, x.ord FROM unnest(p_item_ids, p_folder_ids) WITH ORDINALITY AS x(item_id, folder_id, ord)
             WHERE x.item_id = ANY(fresh)),
          advanced AS (
            UPDATE mailbox.folder f SET change_number = f.change_number + c.n
              FROM (SELECT folder_id, count(*) AS n FROM entries GROUP BY folder_id) c
             WHERE f.id = c.folder_id RETURNING f.id, f.change_number - c.n AS base),
          numbered AS (
            SELECT e.ord, a.base + row_number() OVER (PARTITION BY e.folder_id ORDER BY e.ord) AS n
              FROM entries e JOIN advanced a ON a.id = e.folder_id)
          SELECT array_agg(nb.n ORDER BY x.ord) INTO numbers
            FROM generate_series(1, cardinality(p_item_ids)) AS x(ord)
            LEFT JOIN numbered nb ON nb.ord = x.ord;

          INSERT INTO mailbox.journal (mailbox_id, folder_id, change_number, item_id, kind, at)
          SELECT x.mailbox_id, x.folder_id, numbers[x.ord], x.item_id, 'add', clock_timestamp()
            FROM unnest(p_item_ids, p_mailbox_ids, p_folder_ids) WITH ORDINALITY
                 AS x(item_id, mailbox_id, folder_id, ord)
           WHERE x.item_id = ANY(fresh)
           ORDER BY x.ord;

          INSERT INTO mailbox.item (id, mailbox_id, folder_id, item_class, importance, message_class,
            subject, sender, to_recipients, cc_recipients, reply_to, display_to, date_received,
            filter_date, conversation_id, conversation_index, preview, size, has_attachments,
            body_text, body_html, change_number)
          SELECT x.id, x.mailbox_id, x.folder_id, 'Email', x.importance, x.message_class, x.subject,
            x.sender, x.to_recipients, x.cc_recipients, x.reply_to, x.display_to, x.received,
            x.received, x.conversation_id, x.conversation_index, x.preview, x.size,
            x.has_attachments, x.body_text, x.body_html, numbers[x.ord]
            FROM unnest(p_item_ids, p_mailbox_ids, p_folder_ids, p_importance, p_message_class,
                   p_subject, p_sender, p_to, p_cc, p_reply_to, p_display_to, p_received,
                   p_conversation_id, p_conversation_index, p_preview, p_mime_lengths,
                   p_has_attachments, p_body_text, p_body_html) WITH ORDINALITY
                 AS x(id, mailbox_id, folder_id, importance, message_class, subject, sender,
                   to_recipients, cc_recipients, reply_to, display_to, received, conversation_id,
                   conversation_index, preview, size, has_attachments, body_text, body_html, ord)
           WHERE x.id = ANY(fresh)
           ORDER BY x.ord;

          INSERT INTO mailbox.mime_body (item_id, raw)
          SELECT x.id, substring(p_mime FROM x.start FOR x.length)
            FROM unnest(p_item_ids, p_mime_starts, p_mime_lengths) AS x(id, start, length)
           WHERE x.id = ANY(fresh);

          INSERT INTO mailbox.attachment
            (item_id, ordinal, file_name, content_type, content_id, is_inline, size, data)
          SELECT a.item_id, a.ordinal, a.file_name, a.content_type, a.content_id, a.is_inline,
                 a.length, substring(a_data FROM a.start FOR a.length)
            FROM unnest(a_item_ids, a_ordinals, a_file_names, a_content_types, a_content_ids,
                   a_inline, a_starts, a_lengths)
                 AS a(item_id, ordinal, file_name, content_type, content_id, is_inline, start, length)
           WHERE a.item_id = ANY(fresh);
        END IF;

        -- A repeated delivery answers with the item its first delivery stored.
        RETURN QUERY
          SELECT coalesce(d.item_id, x.item_id), coalesce(d.folder_id, x.folder_id), d.item_id IS NOT NULL
            FROM unnest(p_queue_ids, p_recipients, p_item_ids, p_folder_ids) WITH ORDINALITY
                 AS x(queue_id, recipient, item_id, folder_id, ord)
            LEFT JOIN mailbox.delivery d ON NOT (x.item_id = ANY(fresh))
                 AND d.queue_id = x.queue_id AND d.recipient = x.recipient
           ORDER BY x.ord;
      END $$;
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DROP FUNCTION mailbox.deliver_batch(text[], text[], uuid[], uuid[], uuid[], timestamptz[],
        smallint[], text[], text[], text[], text[], text[], text[], text[], bytea[], bytea[],
        text[], boolean[], text[], text[], bytea, int[], int[], uuid[], int[], text[], text[],
        text[], boolean[], bytea, int[], int[]);
    `);
  }
}
