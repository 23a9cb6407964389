import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  AttachmentGet,
  AttachmentGetRequest,
  ChangesListRequest,
  ChangesListSubject,
  ItemDelete,
  ItemDeleteRequest,
  ItemGet,
  ItemGetRequest,
  ItemMove,
  ItemMoveRequest,
  ItemUpdate,
  ItemUpdateRequest,
} from '@mail/contracts';
import { parsePayload } from '@mail/runtime';
import { ItemsService } from './items.service';

/** Item and change-journal requests on the bus: validate, then hand to the service. */
@Controller()
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @MessagePattern(ItemUpdate.subject)
  update(payload: unknown) {
    const { mailbox, itemId, ...change } = parsePayload(ItemUpdateRequest, payload);
    return this.items.update(mailbox, itemId, change);
  }

  @MessagePattern(ItemMove.subject)
  move(payload: unknown) {
    const r = parsePayload(ItemMoveRequest, payload);
    return this.items.move(r.mailbox, r.itemId, r.toFolderId);
  }

  @MessagePattern(ItemDelete.subject)
  delete(payload: unknown) {
    const r = parsePayload(ItemDeleteRequest, payload);
    return this.items.delete(r.mailbox, r.itemId);
  }

  @MessagePattern(ItemGet.subject)
  get(payload: unknown) {
    const r = parsePayload(ItemGetRequest, payload);
    return this.items.get(r.mailbox, r.itemId);
  }

  @MessagePattern(AttachmentGet.subject)
  attachment(payload: unknown) {
    const r = parsePayload(AttachmentGetRequest, payload);
    return this.items.attachment(r.mailbox, r.reference);
  }

  @MessagePattern(ChangesListSubject.subject)
  changes(payload: unknown) {
    const r = parsePayload(ChangesListRequest, payload);
    return this.items.changes(r.mailbox, r.folderId, r.after, r.window);
  }
}
