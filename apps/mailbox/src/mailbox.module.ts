/**
 * The mailbox role: folders, items, delivery and the change journal over the role's own
 * schema. Services are plain classes built here from the runtime's data source and bus.
 */
import { Module } from '@nestjs/common';
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
import { ItemsController } from './items/items.controller';
import { ItemsService } from './items/items.service';
import { FolderRepository } from './persistence/folder.repository';
import { ItemRepository } from './persistence/item.repository';
import { SyncStateModule } from './sync-state/sync-state.module';
import { SearchModule } from './search/search.module';

const dataSourceOf = (runtime: Runtime) => runtime.dataSources.get('mailbox')!;

@Module({
  imports: [SyncStateModule, SearchModule],
  controllers: [DeliveryController, FoldersController, ItemsController],
  providers: [
    {
      provide: FolderRepository,
      inject: [RUNTIME],
      useFactory: (runtime: Runtime) => new FolderRepository(dataSourceOf(runtime)),
    },
    {
      provide: ItemRepository,
      inject: [RUNTIME],
      useFactory: (runtime: Runtime) => new ItemRepository(dataSourceOf(runtime)),
    },
    {
      provide: BusChangeNotifier,
      inject: [RUNTIME],
      useFactory: (runtime: Runtime) => new BusChangeNotifier(runtime.bus, runtime.logger),
    },
    {
      provide: FoldersService,
      inject: [FolderRepository],
      useFactory: (folders: FolderRepository) => new FoldersService(folders),
    },
    {
      provide: ItemsService,
      inject: [FolderRepository, ItemRepository, BusChangeNotifier],
      useFactory: (f: FolderRepository, i: ItemRepository, n: BusChangeNotifier) =>
        new ItemsService(f, i, n),
    },
    {
      provide: DeliveryService,
      inject: [FolderRepository, ItemRepository, BusChangeNotifier],
      useFactory: (f: FolderRepository, i: ItemRepository, n: BusChangeNotifier) =>
        new DeliveryService(f, i, n),
    },
    { provide: TEST_DELAY_BEFORE_REPLY, useFactory: () => testDelayFromEnv(process.env) },
  ],
})
export class MailboxModule {}
