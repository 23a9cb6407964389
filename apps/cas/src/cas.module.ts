import { Module } from '@nestjs/common';
import { AdminApi } from './admin/admin-api';
import { Authenticator } from './auth/authenticator';
import { CredentialChangesController } from './auth/credential-changes.controller';
import { EasController } from './eas/eas.controller';
import { HealthzController } from './ops/healthz.controller';
import { MetricsController } from './ops/metrics.controller';

/** Client Access: the HTTPS front door. It keeps nothing durable; it asks the other roles. */
@Module({
  controllers: [EasController, HealthzController, MetricsController, CredentialChangesController],
  providers: [Authenticator, AdminApi],
})
export class CasModule {}
