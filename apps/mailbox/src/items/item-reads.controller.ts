import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  AttachmentGet,
  AttachmentGetRequest,
  ChangesListRequest,
  ChangesListSubject,
  ConversationItems,
  ConversationItemsRequest,
  ItemFetch,
  ItemFetchRequest,
  ItemGet,
  ItemGetRequest,
  ItemList,
  ItemListRequest,
} from '@mail/contracts';
import { parsePayload } from '@mail/runtime';
import { ItemReadsService } from './item-reads.service';

/** Item and change-journal reads on the bus: validate, then hand to the service. */
@Controller()
export class ItemReadsController {
  constructor(private readonly reads: ItemReadsService) {}

  @MessagePattern(ChangesListSubject.subject)
  changes(payload: unknown) {
    const { mailbox, folderId, ...request } = parsePayload(ChangesListRequest, payload);
    return this.reads.changes(mailbox, folderId, request);
  }

  @MessagePattern(ItemFetch.subject)
  fetch(payload: unknown) {
    const r = parsePayload(ItemFetchRequest, payload);
    return this.reads.fetch(r.mailbox, r.itemIds, r.select);
  }

  @MessagePattern(ItemList.subject)
  list(payload: unknown) {
    const { mailbox, folderId, ...request } = parsePayload(ItemListRequest, payload);
    return this.reads.list(mailbox, folderId, request);
  }

  @MessagePattern(ItemGet.subject)
  get(payload: unknown) {
    const r = parsePayload(ItemGetRequest, payload);
    return this.reads.get(r.mailbox, r.itemId);
  }

  @MessagePattern(AttachmentGet.subject)
  attachment(payload: unknown) {
    const r = parsePayload(AttachmentGetRequest, payload);
    return this.reads.attachment(r.mailbox, r.reference, r);
  }

  @MessagePattern(ConversationItems.subject)
  conversation(payload: unknown) {
    const r = parsePayload(ConversationItemsRequest, payload);
    return this.reads.conversation(r.mailbox, r.conversationId);
  }
}
