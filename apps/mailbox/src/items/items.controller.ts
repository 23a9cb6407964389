import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  FolderEmpty,
  FolderEmptyRequest,
  ItemChange,
  ItemChangeRequest,
  ItemCreate,
  ItemCreateRequest,
  ItemDelete,
  ItemDeleteRequest,
  ItemMove,
  ItemMoveMany,
  ItemMoveManyRequest,
  ItemMoveRequest,
  ItemUpdate,
  ItemUpdateRequest,
  type ClassItem,
} from '@mail/contracts';
import { parsePayload } from '@mail/runtime';
import { ItemsService } from './items.service';

/** Item writes on the bus: validate, then hand to the service. */
@Controller()
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @MessagePattern(ItemUpdate.subject)
  update(payload: unknown) {
    const { mailbox, itemId, origin, ...change } = parsePayload(ItemUpdateRequest, payload);
    return this.items.update(mailbox, itemId, change, origin);
  }

  @MessagePattern(ItemMove.subject)
  move(payload: unknown) {
    const r = parsePayload(ItemMoveRequest, payload);
    return this.items.move(r.mailbox, r.itemId, r.toFolderId, r.origin);
  }

  @MessagePattern(ItemDelete.subject)
  delete(payload: unknown) {
    const r = parsePayload(ItemDeleteRequest, payload);
    return this.items.delete(r.mailbox, r.itemId, r.origin);
  }

  @MessagePattern(ItemMoveMany.subject)
  moveMany(payload: unknown) {
    const r = parsePayload(ItemMoveManyRequest, payload);
    return this.items.moveMany(r.mailbox, r.moves, r.origin);
  }

  @MessagePattern(FolderEmpty.subject)
  empty(payload: unknown) {
    const r = parsePayload(FolderEmptyRequest, payload);
    return this.items.empty(r.mailbox, r.folderId, r.deleteSubfolders, r.origin);
  }

  @MessagePattern(ItemCreate.subject)
  create(payload: unknown) {
    const r = parsePayload(ItemCreateRequest, payload);
    const item = { class: r.class, properties: r.properties } as ClassItem;
    return this.items.create(r.mailbox, { ...r, item });
  }

  @MessagePattern(ItemChange.subject)
  change(payload: unknown) {
    const r = parsePayload(ItemChangeRequest, payload);
    const item = { class: r.class, properties: r.properties } as ClassItem;
    return this.items.change(r.mailbox, r.itemId, { item, keep: r.keep, origin: r.origin });
  }
}
