/**
 * The bus over NATS (distributed mode): Nest's NATS transport with two changes it cannot be
 * configured to make. Requests are subscribed in a queue group named after the role that owns
 * the subject, so instances of a role share the load while each role still sees every request
 * of its own; events are subscribed without a group, so every instance receives them (every
 * CAS must see a mailbox change to answer its Pings). Subjects carry the deployment prefix.
 */
import { ClientNats, ServerNats } from '@nestjs/microservices';
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception';
import type { NatsConnection, Subscription } from 'nats';
import { noResponder } from './bus-error';
import { InFlight } from './in-flight';
import { queueGroup, wireSubject } from './wire';

export interface NatsBusOptions {
  servers: string[];
  prefix?: string;
  /** Shown in `nats server` connection lists: role names and pid. */
  name: string;
  drainTimeoutMs?: number;
}

const connectionOptions = (options: NatsBusOptions) => ({
  servers: options.servers,
  name: options.name,
  // Keep trying for ever: a NATS restart must not take a role down with it.
  reconnect: true,
  maxReconnectAttempts: -1,
  reconnectTimeWait: 250,
  waitOnFirstConnect: true,
});

export class NatsBusServer extends ServerNats {
  private readonly inFlight = new InFlight();
  private readonly subs: Subscription[] = [];

  constructor(private readonly busOptions: NatsBusOptions) {
    super(connectionOptions(busOptions));
  }

  override bindEvents(client: NatsConnection): void {
    for (const [pattern, handler] of this.messageHandlers) {
      const callback = this.getMessageHandler(pattern).bind(this);
      this.subs.push(
        client.subscribe(wireSubject(this.busOptions.prefix, pattern), {
          queue: handler.isEventHandler ? undefined : queueGroup(this.busOptions.prefix, pattern),
          callback,
        }),
      );
    }
  }

  override handleMessage(channel: string, message: unknown): Promise<unknown> {
    return this.inFlight.track(() => super.handleMessage(channel, message));
  }

  override async close(): Promise<void> {
    // Stop taking new work, let running handlers answer, then leave.
    this.subs.splice(0).forEach((sub) => sub.unsubscribe());
    await this.inFlight.idle(this.busOptions.drainTimeoutMs ?? 10_000);
    // Replies are published on the next tick after a handler returns: send them before leaving.
    await new Promise((resolve) => setImmediate(resolve));
    await this.unwrap<NatsConnection>()
      .flush()
      .catch(() => undefined);
    await super.close();
  }
}

export class NatsBusClient extends ClientNats {
  constructor(private readonly busOptions: NatsBusOptions) {
    super(connectionOptions(busOptions));
  }

  /** NATS tells at once when no instance subscribes: say so, as the in-process bus does. */
  protected override serializeError(error: unknown): unknown {
    return error instanceof EmptyResponseException ? noResponder(String(error.message)) : error;
  }

  protected override normalizePattern(pattern: Parameters<ClientNats['send']>[0]): string {
    return wireSubject(this.busOptions.prefix, super.normalizePattern(pattern));
  }
}
