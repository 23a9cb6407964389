/**
 * Full-text search and quota accounting over the mailbox schema. Searches read the
 * `mailbox.item_search` documents, built after the writers' commits from the queue their
 * triggers fill (migration 1765300000000); the counters of mailbox.mailbox are kept by the
 * writers of items, in their transactions.
 */
import type { DataSource } from 'typeorm';
import type { QuotaInfo, SearchReply } from '@mail/contracts';
import { notFound } from '../../errors';

export interface SearchCriteria {
  /** Full text; undefined: every item of the conversation. */
  query?: string;
  /** Hex of the conversation's id. */
  conversationId?: string;
  folderIds?: string[];
  classes?: string[];
  receivedAfter?: string;
  receivedBefore?: string;
  /** First result, from 0, and how many. */
  offset: number;
  limit: number;
}

interface Hit {
  total: number;
  id: string | null;
  folder_id: string;
  rank: number;
  subject: string;
  sender: string | null;
  date_received: Date | string;
}

export const quotaInfo = (row: {
  item_count: string | number;
  total_size: string | number;
  quota_bytes: string | number | null;
}): QuotaInfo => {
  const totalSize = Number(row.total_size);
  const quota = row.quota_bytes === null ? null : Number(row.quota_bytes);
  return {
    itemCount: Number(row.item_count),
    totalSize,
    quota,
    percentUsed: quota === null ? null : Math.round((totalSize / quota) * 10_000) / 100,
  };
};

export class SearchRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Ranked matches in one mailbox, best first and then newest, with the count of all matches.
   * One statement, so the page and the total come from the same snapshot; the outer join keeps
   * a row carrying the total when the page is past the end. Without a query every item passes
   * the text test (rank 0): the conversation alone narrows the search then.
   */
  async search(mailboxId: string, criteria: SearchCriteria): Promise<SearchReply> {
    if (criteria.folderIds) await this.assertFolders(mailboxId, criteria.folderIds);
    // Every item committed before the search began is in its documents.
    await this.index(mailboxId, null);
    const rows: Hit[] = await this.dataSource.query(
      `WITH hits AS (
         SELECT i.id, i.folder_id, i.subject, i.sender, i.date_received,
           ts_rank(s.document, q) AS rank
         FROM websearch_to_tsquery('simple', coalesce($2::text, '')) q,
           mailbox.item_search s JOIN mailbox.item i ON i.id = s.item_id
         WHERE s.mailbox_id = $1 AND ($2::text IS NULL OR s.document @@ q)
           AND ($9::text IS NULL OR i.conversation_id = decode($9::text, 'hex'))
           AND ($3::uuid[] IS NULL OR i.folder_id = ANY($3::uuid[]))
           AND ($4::text[] IS NULL OR i.item_class = ANY($4::text[]))
           AND ($5::timestamptz IS NULL OR i.date_received > $5::timestamptz)
           AND ($6::timestamptz IS NULL OR i.date_received < $6::timestamptz)
       ), page AS (
         SELECT * FROM hits ORDER BY rank DESC, date_received DESC, id LIMIT $7 OFFSET $8
       )
       SELECT (SELECT count(*) FROM hits)::int AS total, page.*
       FROM (SELECT 1) AS one LEFT JOIN page ON true
       ORDER BY page.rank DESC, page.date_received DESC, page.id`,
      [
        mailboxId,
        criteria.query ?? null,
        criteria.folderIds ?? null,
        criteria.classes ?? null,
        criteria.receivedAfter ?? null,
        criteria.receivedBefore ?? null,
        criteria.limit,
        criteria.offset,
        criteria.conversationId ?? null,
      ],
    );
    return {
      total: rows[0].total,
      results: rows
        .filter((row) => row.id !== null)
        .map((row) => ({
          itemId: row.id!,
          folderId: row.folder_id,
          rank: Number(row.rank),
          subject: row.subject,
          from: row.sender,
          dateReceived: new Date(row.date_received).toISOString(),
        })),
    };
  }

  /** Whether the database is still open (a closed one is not coming back). */
  get open(): boolean {
    return this.dataSource.isInitialized;
  }

  /**
   * Builds the search documents of up to `limit` (null: all) items waiting for one; without a
   * mailbox, of any mailbox's that no other indexer holds. Answers how many items it took.
   */
  async index(mailboxId: string | null, limit: number | null): Promise<number> {
    const [{ taken }] = await this.dataSource.query(
      'SELECT mailbox.item_search_index($1, $2) AS taken',
      [mailboxId, limit],
    );
    return taken;
  }

  async quota(mailboxId: string): Promise<QuotaInfo> {
    const [row] = await this.dataSource.query(
      'SELECT item_count, total_size, quota_bytes FROM mailbox.mailbox WHERE id = $1',
      [mailboxId],
    );
    return quotaInfo(row);
  }

  async setQuota(mailboxId: string, quotaBytes: number | null): Promise<QuotaInfo> {
    const [rows] = await this.dataSource.query(
      `UPDATE mailbox.mailbox SET quota_bytes = $2 WHERE id = $1
       RETURNING item_count, total_size, quota_bytes`,
      [mailboxId, quotaBytes],
    );
    return quotaInfo(rows[0]);
  }

  /** A folder id of another mailbox is refused like one that does not exist. */
  private async assertFolders(mailboxId: string, folderIds: string[]): Promise<void> {
    const [{ found }] = await this.dataSource.query(
      `SELECT count(*)::int AS found FROM mailbox.folder
       WHERE mailbox_id = $1 AND id = ANY($2::uuid[])`,
      [mailboxId, [...new Set(folderIds)]],
    );
    if (found !== new Set(folderIds).size) throw notFound('folder');
  }
}
