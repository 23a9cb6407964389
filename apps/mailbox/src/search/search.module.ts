/** Search and quota of the mailbox role, on the role's own data source. */
import { Module } from '@nestjs/common';
import { RUNTIME, type Runtime } from '@mail/runtime';
import { SearchRepository } from './persistence/search.repository';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';

@Module({
  controllers: [SearchController],
  providers: [
    {
      provide: SearchService,
      inject: [RUNTIME],
      useFactory: (runtime: Runtime) =>
        new SearchService(new SearchRepository(runtime.dataSources.get('mailbox')!)),
    },
  ],
})
export class SearchModule {}
