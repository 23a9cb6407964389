import { Module } from '@nestjs/common';
import { RUNTIME, type Runtime } from '@mail/runtime';
import { BootstrapService } from './bootstrap/bootstrap.service';
import { CredentialsController } from './credentials/credentials.controller';
import { DirectoryRepository } from './persistence/directory.repository';

@Module({
  controllers: [CredentialsController],
  providers: [
    {
      provide: DirectoryRepository,
      inject: [RUNTIME],
      useFactory: (runtime: Runtime) =>
        new DirectoryRepository(runtime.dataSources.get('directory')!),
    },
    BootstrapService,
  ],
})
export class DirectoryModule {}
