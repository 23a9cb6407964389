/**
 * Organization settings: receive and send connectors, the ActiveSync virtual directory,
 * certificate mappings and the GAL queries EAS uses.
 */
import { Module } from '@nestjs/common';
import { directoryRepository } from '../directory-core.module';
import { ClientAccessService } from './client-access.service';
import { ConnectorsService } from './connectors.service';
import { GalService } from './gal.service';
import { OrgConfigController } from './org-config.controller';
import { CertificateMappingRepository } from './persistence/certificate-mapping.repository';
import { ConnectorRepository } from './persistence/connector.repository';
import { GalRepository } from './persistence/gal.repository';
import { VirtualDirectoryRepository } from './persistence/vdir.repository';

@Module({
  controllers: [OrgConfigController],
  providers: [
    ...[
      ConnectorRepository,
      VirtualDirectoryRepository,
      CertificateMappingRepository,
      GalRepository,
    ].map(directoryRepository),
    ConnectorsService,
    ClientAccessService,
    GalService,
  ],
})
export class OrgConfigModule {}
