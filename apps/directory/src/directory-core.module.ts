/**
 * What every directory feature shares: the repositories over the directory's schema, the
 * credential check (with throttling) and the recipient rules. Feature modules import it.
 */
import { Module, type Provider } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ConfigError, RUNTIME, type Runtime } from '@mail/runtime';
import { CredentialService, THROTTLE_POLICIES } from './credentials/credential.service';
import {
  SOURCE_THROTTLE,
  USER_THROTTLE,
  throttlePolicyFromEnv,
} from './credentials/sign-in-throttle';
import { DirectoryRepository } from './persistence/directory.repository';
import { RecipientRepository } from './persistence/recipient.repository';
import { SignInThrottleRepository } from './persistence/sign-in-throttle.repository';
import { RecipientsService } from './recipients/recipients.service';

/** A provider for a repository built over the directory's data source. */
export function directoryRepository(type: new (dataSource: DataSource) => unknown): Provider {
  return {
    provide: type,
    inject: [RUNTIME],
    useFactory: (runtime: Runtime) => new type(runtime.dataSources.get('directory')!),
  };
}

const shared = [DirectoryRepository, RecipientRepository, SignInThrottleRepository].map(
  directoryRepository,
);

@Module({
  providers: [
    ...shared,
    {
      provide: THROTTLE_POLICIES,
      useFactory: () => {
        try {
          return {
            user: throttlePolicyFromEnv(process.env, USER_THROTTLE, 'SIGNIN_USER_'),
            source: throttlePolicyFromEnv(process.env, SOURCE_THROTTLE, 'SIGNIN_SOURCE_'),
          };
        } catch (error) {
          throw new ConfigError([(error as Error).message]);
        }
      },
    },
    CredentialService,
    RecipientsService,
  ],
  exports: [
    DirectoryRepository,
    RecipientRepository,
    SignInThrottleRepository,
    CredentialService,
    RecipientsService,
  ],
})
export class DirectoryCoreModule {}
