import type { BusClient, Logger } from '@mail/runtime';
import { FolderChanged, HierarchyChanged } from '@mail/contracts';

/** Tells the rest of the system that folders changed; called only after the commit. */
export interface ChangeNotifier {
  folderChanged(mailbox: string, folderIds: string[]): Promise<void>;
  /** A folder was created, renamed, moved or deleted (fakes in tests may leave it out). */
  hierarchyChanged?(mailbox: string): Promise<void>;
}

/**
 * Publishes `mailbox.folder.changed` and `mailbox.hierarchy.changed` on the bus. The data is already committed, so a failed
 * publish is logged, not thrown: the change is in the journal, and a device that misses the
 * event finds it at its next Sync or Ping timeout.
 */
export class BusChangeNotifier implements ChangeNotifier {
  constructor(
    private readonly bus: BusClient,
    private readonly logger: Logger,
  ) {}

  async folderChanged(mailbox: string, folderIds: string[]): Promise<void> {
    await this.bus
      .emit(FolderChanged, { mailbox, folderIds })
      .catch((error: unknown) =>
        this.logger.warn({ err: String(error), folderIds }, 'could not publish a folder change'),
      );
  }

  async hierarchyChanged(mailbox: string): Promise<void> {
    await this.bus
      .emit(HierarchyChanged, { mailbox })
      .catch((error: unknown) =>
        this.logger.warn({ err: String(error) }, 'could not publish a hierarchy change'),
      );
  }
}
