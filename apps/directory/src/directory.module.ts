import { Module } from '@nestjs/common';
import { BootstrapService } from './bootstrap/bootstrap.service';
import { CredentialsController } from './credentials/credentials.controller';
import { DirectoryCoreModule, directoryRepository } from './directory-core.module';
import { DomainsController } from './domains/domains.controller';
import { LdapServerService } from './ldap/ldap.server';
import { RecipientsController } from './recipients/recipients.controller';
import { RoutingController } from './recipients/routing.controller';
import { RoutingRepository } from './persistence/routing.repository';
import { FEATURE_MODULES } from './features';

/** The directory role: recipients, credentials, organization configuration, the GAL over LDAP. */
@Module({
  imports: [DirectoryCoreModule, ...FEATURE_MODULES],
  controllers: [CredentialsController, DomainsController, RecipientsController, RoutingController],
  providers: [BootstrapService, LdapServerService, directoryRepository(RoutingRepository)],
})
export class DirectoryModule {}
