import {
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { RUNTIME, type Runtime } from '@mail/runtime';
import { QueueController } from './admin/queue.controller';
import { HubTransport } from './hub-transport';
import { transportSettingsFromEnv } from './settings';
import { SubmitController } from './submit/submit.controller';

/** Starts hub transport with the process and stops it before the database closes. */
@Injectable()
class HubTransportLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(HubTransport) private readonly transport: HubTransport) {}

  onApplicationBootstrap(): Promise<void> {
    return this.transport.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.transport.stop();
  }
}

/** The hub-transport role: SMTP receive connectors, the queue, delivery, submission for CAS. */
@Module({
  controllers: [SubmitController, QueueController],
  providers: [
    {
      provide: HubTransport,
      inject: [RUNTIME],
      useFactory: (runtime: Runtime) =>
        new HubTransport(runtime, transportSettingsFromEnv(process.env)),
    },
    HubTransportLifecycle,
  ],
})
export class HubTransportModule {}
