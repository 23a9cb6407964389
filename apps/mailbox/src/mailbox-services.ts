/**
 * Builds the mailbox role's services on one data source: the Nest module wires them to the bus,
 * and tests and benchmarks build the same graph directly.
 */
import type { DataSource } from 'typeorm';
import { FETCH_MAX_BODY_BYTES } from '@mail/contracts';
import { createLogger, type Logger } from '@mail/runtime';
import type { ChangeNotifier } from './changes/change-notifier';
import { DeliveryService } from './delivery/delivery.service';
import { FoldersService } from './folders/folders.service';
import { ItemReadsService } from './items/item-reads.service';
import { ItemsService } from './items/items.service';
import { MAILBOX_LIMITS } from './limits';
import { BulkRepository } from './persistence/bulk.repository';
import { ClassItemRepository } from './persistence/class-item.repository';
import { FolderRepository } from './persistence/folder.repository';
import { ItemReadRepository } from './persistence/item-reads.repository';
import { ItemRepository } from './persistence/item.repository';
import { MailboxIds } from './persistence/mailbox-ids';
import { OofRepository } from './oof/persistence/oof.repository';
import { OofService } from './oof/oof.service';
import { PeopleRepository } from './people/people.repository';
import { SearchRepository } from './search/persistence/search.repository';
import { SearchIndexer } from './search/search-indexer';
import { SearchService } from './search/search.service';
import { SyncStateRepository } from './sync-state/persistence/sync-state.repository';
import { SyncStateService } from './sync-state/sync-state.service';

export interface MailboxServices {
  mailboxes: MailboxIds;
  folders: FoldersService;
  delivery: DeliveryService;
  items: ItemsService;
  reads: ItemReadsService;
  search: SearchService;
  indexer: SearchIndexer;
  syncState: SyncStateService;
  oof: OofService;
  people: PeopleRepository;
}

export function createMailboxServices(
  dataSource: DataSource,
  notifier: ChangeNotifier,
  options: { maxMessageBytes?: number; maxFetchBodyBytes?: number; logger?: Logger } = {},
): MailboxServices {
  const mailboxes = new MailboxIds(dataSource);
  const folders = new FolderRepository(dataSource);
  const items = new ItemRepository(dataSource);
  const oof = new OofService(mailboxes, new OofRepository(dataSource));
  const searches = new SearchRepository(dataSource);
  const indexer = new SearchIndexer(
    searches,
    options.logger ?? createLogger({ level: 'warn', name: 'mailbox' }),
  );
  // Every commit that wrote items announces its folders: the indexer hears of it there too.
  const announced: ChangeNotifier = {
    folderChanged: (mailbox, folderIds) => {
      indexer.written();
      return notifier.folderChanged(mailbox, folderIds);
    },
    hierarchyChanged: notifier.hierarchyChanged?.bind(notifier),
  };
  const reads = new ItemReadsService(
    mailboxes,
    new ItemReadRepository(dataSource),
    options.maxFetchBodyBytes ?? FETCH_MAX_BODY_BYTES,
  );
  return {
    mailboxes,
    folders: new FoldersService(mailboxes, folders, announced),
    delivery: new DeliveryService(
      mailboxes,
      folders,
      items,
      announced,
      options.maxMessageBytes ?? MAILBOX_LIMITS.maxMessageBytes,
    ),
    items: new ItemsService(
      mailboxes,
      items,
      new ClassItemRepository(dataSource, items),
      new BulkRepository(dataSource, folders),
      announced,
    ),
    reads,
    search: new SearchService(mailboxes, searches),
    indexer,
    syncState: new SyncStateService(mailboxes, new SyncStateRepository(dataSource), reads),
    oof,
    people: new PeopleRepository(dataSource),
  };
}
