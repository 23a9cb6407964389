import { Module } from '@nestjs/common';
import { RUNTIME, type Runtime } from '@mail/runtime';
import { BootstrapService } from './bootstrap/bootstrap.service';
import { CredentialsController } from './credentials/credentials.controller';
import { DirectoryRepository } from './persistence/directory.repository';
import { RecipientRepository } from './persistence/recipient.repository';
import { DomainsController } from './domains/domains.controller';
import { RecipientsController } from './recipients/recipients.controller';
import { RecipientsService } from './recipients/recipients.service';

@Module({
  controllers: [CredentialsController, DomainsController, RecipientsController],
  providers: [
    {
      provide: DirectoryRepository,
      inject: [RUNTIME],
      useFactory: (runtime: Runtime) =>
        new DirectoryRepository(runtime.dataSources.get('directory')!),
    },
    {
      provide: RecipientRepository,
      inject: [RUNTIME],
      useFactory: (runtime: Runtime) =>
        new RecipientRepository(runtime.dataSources.get('directory')!),
    },
    RecipientsService,
    BootstrapService,
  ],
})
export class DirectoryModule {}
