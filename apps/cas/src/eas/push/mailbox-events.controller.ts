/**
 * The mailbox's change events, heard once by every CAS instance (an event reaches every
 * subscriber, on NATS as on the in-process bus) and handed to the push watch, which answers
 * the requests this instance holds for that mailbox. A hierarchy change also drops the folder
 * list this instance remembers, first, so the requests it wakes read the new one.
 */
import { Controller } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { FolderChanged, HierarchyChanged } from '@mail/contracts';
import { HierarchyStore } from '../hierarchy/hierarchy-store';
import { PushWatch } from './push-watch';

/** Events come from another role: read only what has the expected shape. */
const text = (value: unknown): value is string => typeof value === 'string';

@Controller()
export class MailboxEventsController {
  constructor(
    private readonly watch: PushWatch,
    private readonly hierarchy: HierarchyStore,
  ) {}

  @EventPattern(FolderChanged.subject)
  folderChanged(event: unknown): void {
    const { mailbox, folderIds } = (event ?? {}) as { mailbox?: unknown; folderIds?: unknown };
    if (!text(mailbox) || !Array.isArray(folderIds) || !folderIds.every(text)) return;
    this.watch.folderChanged({ mailbox, folderIds });
  }

  @EventPattern(HierarchyChanged.subject)
  hierarchyChanged(event: unknown): void {
    const { mailbox } = (event ?? {}) as { mailbox?: unknown };
    if (!text(mailbox)) return;
    this.hierarchy.forgetFolders(mailbox);
    this.watch.hierarchyChanged({ mailbox });
  }
}
