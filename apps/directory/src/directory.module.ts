import { Module } from '@nestjs/common';
import { ConfigError, RUNTIME, type Runtime } from '@mail/runtime';
import { BootstrapService } from './bootstrap/bootstrap.service';
import { CredentialsController } from './credentials/credentials.controller';
import { CredentialService, THROTTLE_POLICIES } from './credentials/credential.service';
import {
  SOURCE_THROTTLE,
  USER_THROTTLE,
  throttlePolicyFromEnv,
} from './credentials/sign-in-throttle';
import { SignInThrottleRepository } from './persistence/sign-in-throttle.repository';
import { DirectoryRepository } from './persistence/directory.repository';
import { RecipientRepository } from './persistence/recipient.repository';
import { DomainsController } from './domains/domains.controller';
import { RecipientsController } from './recipients/recipients.controller';
import { RecipientsService } from './recipients/recipients.service';
import { LdapServerService } from './ldap/ldap.server';

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
    {
      provide: SignInThrottleRepository,
      inject: [RUNTIME],
      useFactory: (runtime: Runtime) =>
        new SignInThrottleRepository(runtime.dataSources.get('directory')!),
    },
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
    BootstrapService,
    LdapServerService,
  ],
})
export class DirectoryModule {}
