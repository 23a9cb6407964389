/**
 * Mailbox search (MS-ASCMD 2.2.1.16 Search, Store "Mailbox"; 2.2.1.2 Find) and quota
 * accounting. A search is full text over subject, body, sender and recipients, or the items of
 * one conversation, or both, filtered by folder, class and date received, ranked, and paged
 * with a Range like EAS's "0-99".
 */
import { z } from 'zod';
import { request } from '../bus/subject';
import { FolderId, MailboxName } from './folders';

/** At most this many results per page: EAS Search answers ranges of up to 100 (0-99). */
export const SEARCH_MAX_RANGE = 100;
/** The deepest first result asked for: each page re-ranks every earlier hit. */
export const SEARCH_MAX_START = 9_999;
/** MS-ASCMD Class values a search may be limited to. */
export const SEARCH_CLASSES = ['Email', 'Calendar', 'Contacts', 'Tasks', 'Notes', 'SMS'] as const;

const When = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

export const SearchRange = z
  .object({
    start: z.number().int().min(0).max(SEARCH_MAX_START, `must be at most ${SEARCH_MAX_START}`),
    /** Inclusive, as in EAS's Range "0-99". */
    end: z.number().int().min(0),
  })
  .refine((r) => r.end >= r.start && r.end - r.start < SEARCH_MAX_RANGE, {
    message: `end must be at least start and the range at most ${SEARCH_MAX_RANGE} results`,
    path: ['end'],
  });

export const SearchQueryRequest = z
  .object({
    mailbox: MailboxName,
    /** Words, "quoted phrases", `or` and -exclusions (PostgreSQL websearch_to_tsquery). */
    query: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(256, 'must be at most 256 characters')
      .refine(
        (q) => ![...q].some((c) => c.charCodeAt(0) < 0x20),
        'must not hold control characters',
      )
      .optional(),
    /** Only the items of this conversation (EmailHeaders conversationId, hex). */
    conversationId: z
      .string()
      .regex(/^(?:[0-9a-f]{2}){1,64}$/, 'must be the hex of at most 64 bytes')
      .optional(),
    folderIds: z
      .array(FolderId)
      .min(1, 'give at least one folder or leave it out')
      .max(1000)
      .optional(),
    classes: z
      .array(z.enum(SEARCH_CLASSES))
      .min(1, 'give at least one class or leave it out')
      .optional(),
    receivedAfter: When.optional(),
    receivedBefore: When.optional(),
    range: SearchRange.default({ start: 0, end: SEARCH_MAX_RANGE - 1 }),
  })
  .refine((r) => r.query !== undefined || r.conversationId !== undefined, {
    message: 'give a query, a conversationId or both',
    path: ['query'],
  })
  .refine(
    (r) =>
      !r.receivedAfter ||
      !r.receivedBefore ||
      Date.parse(r.receivedAfter) < Date.parse(r.receivedBefore),
    { message: 'must be before receivedBefore', path: ['receivedAfter'] },
  );

export interface SearchResult {
  itemId: string;
  folderId: string;
  /** ts_rank of the match; higher is better. */
  rank: number;
  subject: string;
  from: string | null;
  dateReceived: string;
}
export interface SearchReply {
  /** Every match, not only this page's (EAS Search Total). */
  total: number;
  results: SearchResult[];
}

export const QuotaGetRequest = z.object({ mailbox: MailboxName });
export const QuotaSetRequest = z.object({
  mailbox: MailboxName,
  /** null lifts the quota. */
  quotaBytes: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullable(),
});
export interface QuotaInfo {
  itemCount: number;
  /** Bytes of MIME stored. */
  totalSize: number;
  quota: number | null;
  /** totalSize as a percentage of quota, two decimals; null without a quota. */
  percentUsed: number | null;
}

export const SearchQuery = request<z.input<typeof SearchQueryRequest>, SearchReply>(
  'mailbox',
  'search',
  'query',
);
export const QuotaGet = request<z.input<typeof QuotaGetRequest>, QuotaInfo>(
  'mailbox',
  'quota',
  'get',
);
export const QuotaSet = request<z.input<typeof QuotaSetRequest>, QuotaInfo>(
  'mailbox',
  'quota',
  'set',
);
