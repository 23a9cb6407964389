import { Module } from '@nestjs/common';
import { RUNTIME, type BusClient, type Runtime } from '@mail/runtime';
import { AdminApi } from './admin/admin-api';
import { Authenticator } from './auth/authenticator';
import { AutodiscoverRoutes } from './autodiscover/autodiscover.routes';
import { DirectoryEventsController } from './directory/directory-events.controller';
import { DirectoryViews } from './directory/directory-views';
import { EasEndpoint } from './eas/eas-endpoint';
import { EasRoutes } from './eas/eas.routes';
import { EAS_LIMITS } from './eas/limits';
import { HierarchyStore } from './eas/hierarchy/hierarchy-store';
import type { EasServices } from './eas/services';
import { loadTrustAnchors } from './eas/validate-cert/trust-anchors';
import { HealthzController } from './ops/healthz.controller';
import { MailboxEventsController } from './eas/push/mailbox-events.controller';
import { ReadAhead } from './eas/sync/read-ahead';
import { PingParameterStore } from './eas/push/ping-parameters';
import { PushWatch } from './eas/push/push-watch';
import { MetricsController } from './ops/metrics.controller';

const EAS_SERVICES = Symbol('EAS_SERVICES');
/** The bus as devices' requests use it, metered; health checks and the admin API go around it. */
const DEVICE_BUS = Symbol('DEVICE_BUS');

/** Client Access: the HTTPS front door. It keeps nothing durable; it asks the other roles. */
@Module({
  controllers: [
    HealthzController,
    MetricsController,
    DirectoryEventsController,
    MailboxEventsController,
  ],
  providers: [
    {
      provide: DEVICE_BUS,
      inject: [RUNTIME],
      useFactory: (runtime: Runtime) => runtime.bus.admitting(EAS_LIMITS.busInFlight),
    },
    {
      provide: DirectoryViews,
      inject: [DEVICE_BUS],
      useFactory: (bus: BusClient) => new DirectoryViews(bus),
    },
    Authenticator,
    { provide: PushWatch, useFactory: () => new PushWatch() },
    {
      provide: HierarchyStore,
      inject: [DEVICE_BUS],
      useFactory: (bus: BusClient) => new HierarchyStore(bus),
    },
    {
      provide: EAS_SERVICES,
      inject: [RUNTIME, DirectoryViews, PushWatch, HierarchyStore],
      useFactory: (
        runtime: Runtime,
        directory: DirectoryViews,
        pushWatch: PushWatch,
        hierarchy: HierarchyStore,
      ): EasServices => ({
        directory,
        hierarchy,
        config: runtime.config,
        now: Date.now,
        pushWatch,
        pingParameters: new PingParameterStore(),
        readAhead: new ReadAhead(Date.now, { maxWindows: runtime.config.syncReadAheadWindows }),
        trustAnchors: loadTrustAnchors(runtime.config),
      }),
    },
    {
      provide: EasEndpoint,
      inject: [Authenticator, EAS_SERVICES, DEVICE_BUS, RUNTIME],
      useFactory: (
        authenticator: Authenticator,
        services: EasServices,
        bus: BusClient,
        runtime: Runtime,
      ) =>
        new EasEndpoint(authenticator, services, bus, runtime.logger.child({ component: 'eas' })),
    },
    EasRoutes,
    AutodiscoverRoutes,
    AdminApi,
  ],
})
export class CasModule {}
