import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  QuotaGet,
  QuotaGetRequest,
  QuotaSet,
  QuotaSetRequest,
  SearchQuery,
  SearchQueryRequest,
} from '@mail/contracts';
import { parsePayload } from '@mail/runtime';
import { SearchService } from './search.service';

/** Search and quota requests on the bus: validate, then hand to the service. */
@Controller()
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @MessagePattern(SearchQuery.subject)
  query(payload: unknown) {
    const { mailbox, ...query } = parsePayload(SearchQueryRequest, payload);
    return this.search.search(mailbox, query);
  }

  @MessagePattern(QuotaGet.subject)
  quota(payload: unknown) {
    return this.search.quota(parsePayload(QuotaGetRequest, payload).mailbox);
  }

  @MessagePattern(QuotaSet.subject)
  setQuota(payload: unknown) {
    const r = parsePayload(QuotaSetRequest, payload);
    return this.search.setQuota(r.mailbox, r.quotaBytes);
  }
}
