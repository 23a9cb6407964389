/**
 * The bus inside one process (embedded mode). It keeps NATS's semantics so code behaves the
 * same in both modes: payloads are copied as JSON would carry them (json-copy.ts: no shared
 * objects, same types as on the wire), a request goes to one server among those handling it (round robin, like a queue
 * group), an event goes to every server handling it, and a request nobody handles fails at
 * once as `unavailable` (NATS's "no responders").
 */
import {
  BaseRpcContext,
  ClientProxy,
  Server,
  type CustomTransportStrategy,
  type ReadPacket,
  type WritePacket,
} from '@nestjs/microservices';
import { InFlight } from './in-flight';
import { noResponder } from './bus-error';
import { jsonCopy as copy } from './json-copy';
import { routeOf } from './wire';

export class InProcessHub {
  private readonly servers = new Set<InProcessServer>();
  private readonly turn = new Map<string, number>();

  attach(server: InProcessServer): void {
    this.servers.add(server);
  }

  detach(server: InProcessServer): void {
    this.servers.delete(server);
  }

  request(subject: string, data: unknown, respond: (packet: WritePacket) => void): void {
    const candidates = [...this.servers].filter((s) => s.handles(subject, false));
    if (candidates.length === 0) {
      respond({ err: noResponder(subject), isDisposed: true });
      return;
    }
    const index = (this.turn.get(subject) ?? 0) % candidates.length;
    this.turn.set(subject, index + 1);
    candidates[index].deliverRequest(subject, data, respond);
  }

  emit(subject: string, data: unknown): void {
    for (const server of this.servers) {
      if (server.handles(subject, true)) server.deliverEvent(subject, copy(data));
    }
  }
}

/**
 * Runs a request on one of `server`'s handlers in this process as the wire would: the payload
 * and every answer packet copied as JSON, the work tracked until its last packet so that a
 * closing server waits for it; false, and nothing done, when `server` has no request handler
 * for `subject`. The in-process bus answers every request so; NATS answers so the requests
 * its own process handles (nats.transport.ts).
 */
export function answerHere(
  server: Pick<Server, 'getHandlerByPattern' | 'transformToObservable' | 'send'>,
  inFlight: InFlight,
  subject: string,
  data: unknown,
  respond: (packet: WritePacket) => void,
): boolean {
  const handler = server.getHandlerByPattern(subject);
  if (!handler || handler.isEventHandler) return false;
  void inFlight.track(async () => {
    const result$ = server.transformToObservable(
      await handler(copy(data), new BaseRpcContext([subject])),
    );
    await new Promise<void>((done) => {
      server.send(result$, (packet) => {
        respond(copy(packet));
        if (packet.isDisposed || packet.err !== undefined) done();
      });
    });
  });
  return true;
}

export class InProcessServer extends Server implements CustomTransportStrategy {
  private readonly inFlight = new InFlight();
  private listening = false;

  constructor(
    private readonly hub: InProcessHub,
    private readonly drainTimeoutMs = 10_000,
  ) {
    super();
  }

  listen(callback: () => void): void {
    this.listening = true;
    this.hub.attach(this);
    callback();
  }

  async close(): Promise<void> {
    this.hub.detach(this);
    this.listening = false;
    await this.inFlight.idle(this.drainTimeoutMs);
  }

  protected override getRouteFromPattern(pattern: string): string {
    return routeOf(pattern, (object) => super.getRouteFromPattern(object));
  }

  handles(subject: string, asEvent: boolean): boolean {
    const handler = this.listening ? this.getHandlerByPattern(subject) : null;
    return handler !== null && Boolean(handler.isEventHandler) === asEvent;
  }

  deliverRequest(subject: string, data: unknown, respond: (packet: WritePacket) => void): void {
    answerHere(this, this.inFlight, subject, data, respond);
  }

  deliverEvent(subject: string, data: unknown): void {
    void this.inFlight.track(() =>
      this.handleEvent(subject, { pattern: subject, data }, new BaseRpcContext([subject])),
    );
  }

  on(): void {
    // No connection-level events: the hub lives as long as the process.
  }

  unwrap<T>(): T {
    return this.hub as T;
  }
}

export class InProcessClient extends ClientProxy {
  constructor(private readonly hub: InProcessHub) {
    super();
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {
    // Nothing to release: requests already sent are answered or time out on their own.
  }

  unwrap<T>(): T {
    return this.hub as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    let open = true;
    this.hub.request(this.normalizePattern(packet.pattern), packet.data, (reply) => {
      if (open) callback(reply);
    });
    return () => {
      open = false;
    };
  }

  protected dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    this.hub.emit(this.normalizePattern(packet.pattern), packet.data);
    return Promise.resolve(undefined as T);
  }
}
