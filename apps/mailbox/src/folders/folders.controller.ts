import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import {
  FolderCreate,
  FolderCreateRequest,
  FolderDelete,
  FolderDeleteRequest,
  FolderListRequest,
  FolderListSubject,
  FolderUpdate,
  FolderUpdateRequest,
  MailboxEnsure,
  MailboxEnsureRequest,
  RecipientCreated,
} from '@mail/contracts';
import { parsePayload } from '@mail/runtime';
import { FoldersService } from './folders.service';

/** The mailbox's hierarchy requests on the bus: validate, then hand to the service. */
@Controller()
export class FoldersController {
  constructor(private readonly folders: FoldersService) {}

  @MessagePattern(MailboxEnsure.subject)
  ensure(payload: unknown) {
    return this.folders.ensure(parsePayload(MailboxEnsureRequest, payload).mailbox);
  }

  /** The directory created a mailbox user: create the mailbox now, not at first use. */
  @EventPattern(RecipientCreated.subject)
  async recipientCreated(payload: unknown) {
    const event = MailboxEnsureRequest.safeParse({
      mailbox: (payload as { userPrincipalName?: unknown } | null)?.userPrincipalName,
    });
    if (event.success) await this.folders.ensure(event.data.mailbox);
  }

  @MessagePattern(FolderListSubject.subject)
  list(payload: unknown) {
    return this.folders.list(parsePayload(FolderListRequest, payload).mailbox);
  }

  @MessagePattern(FolderCreate.subject)
  create(payload: unknown) {
    const r = parsePayload(FolderCreateRequest, payload);
    return this.folders.create(r.mailbox, r.parentId, r.displayName, r.type);
  }

  @MessagePattern(FolderUpdate.subject)
  update(payload: unknown) {
    const r = parsePayload(FolderUpdateRequest, payload);
    return this.folders.update(r.mailbox, r.folderId, {
      displayName: r.displayName,
      parentId: r.parentId,
    });
  }

  @MessagePattern(FolderDelete.subject)
  delete(payload: unknown) {
    const r = parsePayload(FolderDeleteRequest, payload);
    return this.folders.delete(r.mailbox, r.folderId);
  }
}
