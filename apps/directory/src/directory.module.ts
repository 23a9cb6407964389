import { Module } from '@nestjs/common';
import { BootstrapService } from './bootstrap/bootstrap.service';
import { CredentialsController } from './credentials/credentials.controller';
import { DirectoryCoreModule } from './directory-core.module';
import { DomainsController } from './domains/domains.controller';
import { LdapServerService } from './ldap/ldap.server';
import { RecipientsController } from './recipients/recipients.controller';
import { FEATURE_MODULES } from './features';

/** The directory role: recipients, credentials, organization configuration, the GAL over LDAP. */
@Module({
  imports: [DirectoryCoreModule, ...FEATURE_MODULES],
  controllers: [CredentialsController, DomainsController, RecipientsController],
  providers: [BootstrapService, LdapServerService],
})
export class DirectoryModule {}
