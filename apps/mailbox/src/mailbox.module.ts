/**
 * The mailbox role: folders, items, delivery, the change journal, sync state and search over
 * the role's own schema. Services are plain classes built by createMailboxServices from the
 * runtime's data source and bus; the controllers put them on the bus.
 */
import { Module, type Type } from '@nestjs/common';
import { RUNTIME, type Runtime } from '@mail/runtime';
import { BusChangeNotifier } from './changes/change-notifier';
import {
  DeliveryController,
  TEST_DELAY_BEFORE_REPLY,
  testDelayFromEnv,
} from './delivery/delivery.controller';
import { DeliveryService } from './delivery/delivery.service';
import { FoldersController } from './folders/folders.controller';
import { FoldersService } from './folders/folders.service';
import { ItemReadsController } from './items/item-reads.controller';
import { ItemReadsService } from './items/item-reads.service';
import { ItemsController } from './items/items.controller';
import { ItemsService } from './items/items.service';
import { createMailboxServices, type MailboxServices } from './mailbox-services';
import { OofController } from './oof/oof.controller';
import { PeopleController } from './people/people.controller';
import { PeopleRepository } from './people/people.repository';
import { MailboxIds } from './persistence/mailbox-ids';
import { OofService } from './oof/oof.service';
import { SearchController } from './search/search.controller';
import { SearchService } from './search/search.service';
import { SearchIndexer } from './search/search-indexer';
import { SyncStateController } from './sync-state/sync-state.controller';
import { SyncStateService } from './sync-state/sync-state.service';

const SERVICES = Symbol('MAILBOX_SERVICES');
const service = <K extends keyof MailboxServices>(provide: Type, key: K) => ({
  provide,
  inject: [SERVICES],
  useFactory: (services: MailboxServices) => services[key],
});

@Module({
  controllers: [
    DeliveryController,
    FoldersController,
    ItemsController,
    ItemReadsController,
    SearchController,
    SyncStateController,
    OofController,
    PeopleController,
  ],
  providers: [
    {
      provide: SERVICES,
      inject: [RUNTIME],
      useFactory: (runtime: Runtime) =>
        createMailboxServices(
          runtime.dataSources.get('mailbox')!,
          new BusChangeNotifier(runtime.bus, runtime.logger),
          { logger: runtime.logger },
        ),
    },
    service(FoldersService, 'folders'),
    service(DeliveryService, 'delivery'),
    service(ItemsService, 'items'),
    service(ItemReadsService, 'reads'),
    service(SearchService, 'search'),
    // Its lifecycle hooks index what waited at start and finish the running pass at stop.
    service(SearchIndexer, 'indexer'),
    service(SyncStateService, 'syncState'),
    service(OofService, 'oof'),
    service(MailboxIds, 'mailboxes'),
    service(PeopleRepository, 'people'),
    { provide: TEST_DELAY_BEFORE_REPLY, useFactory: () => testDelayFromEnv(process.env) },
  ],
})
export class MailboxModule {}
