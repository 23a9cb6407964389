/** EAS sync state storage, wired from the runtime's mailbox data source. */
import { Module } from '@nestjs/common';
import { RUNTIME, type Runtime } from '@mail/runtime';
import { SyncStateRepository } from './persistence/sync-state.repository';
import { SyncStateController } from './sync-state.controller';
import { SyncStateService } from './sync-state.service';

@Module({
  controllers: [SyncStateController],
  providers: [
    {
      provide: SyncStateService,
      inject: [RUNTIME],
      useFactory: (runtime: Runtime) =>
        new SyncStateService(new SyncStateRepository(runtime.dataSources.get('mailbox')!)),
    },
  ],
})
export class SyncStateModule {}
