/** Mailbox search (EAS Search, Store "Mailbox") and quota, for the caller's mailbox only. */
import type { QuotaInfo, SearchReply } from '@mail/contracts';
import type { MailboxIds } from '../persistence/mailbox-ids';
import type { SearchRepository } from './persistence/search.repository';

export interface SearchQuery {
  query?: string;
  conversationId?: string;
  folderIds?: string[];
  classes?: string[];
  receivedAfter?: string;
  receivedBefore?: string;
  /** Inclusive, as EAS's Range "0-99". */
  range: { start: number; end: number };
}

export class SearchService {
  constructor(
    private readonly mailboxes: MailboxIds,
    private readonly repository: SearchRepository,
  ) {}

  async search(mailbox: string, { range, ...criteria }: SearchQuery): Promise<SearchReply> {
    return this.repository.search(await this.mailboxes.require(mailbox), {
      ...criteria,
      offset: range.start,
      limit: range.end - range.start + 1,
    });
  }

  async quota(mailbox: string): Promise<QuotaInfo> {
    return this.repository.quota(await this.mailboxes.require(mailbox));
  }

  async setQuota(mailbox: string, quotaBytes: number | null): Promise<QuotaInfo> {
    return this.repository.setQuota(await this.mailboxes.require(mailbox), quotaBytes);
  }
}
