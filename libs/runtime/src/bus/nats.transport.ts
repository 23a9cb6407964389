/**
 * The bus over NATS (distributed mode): Nest's NATS transport with two changes it cannot be
 * configured to make. Requests are subscribed in a queue group named after the role that owns
 * the subject, so instances of a role share the load while each role still sees every request
 * of its own; events are subscribed without a group, so every instance receives them (every
 * CAS must see a mailbox change to answer its Pings). Subjects carry the deployment prefix.
 * Payloads too large for one NATS message travel deflated or through the deployment's object
 * store (nats-blobs.ts), in both directions, without the callers knowing.
 */
import { ClientNats, ServerNats, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception';
import type { Msg, NatsConnection, PublishOptions, Subscription } from 'nats';
import type { BusErrorEnvelope } from '@mail/contracts';
import { noResponder } from './bus-error';
import { answerHere } from './in-process.transport';
import { InFlight } from './in-flight';
import { isStandIn, NatsBlobs, STAND_IN_MARKER } from './nats-blobs';
import { queueGroup, routeOf, wireSubject } from './wire';

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
  private readonly blobs = new NatsBlobs(
    () => this.unwrap<NatsConnection>(),
    this.busOptions.prefix,
  );

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

  protected override getRouteFromPattern(pattern: string): string {
    return routeOf(pattern, (object) => super.getRouteFromPattern(object));
  }

  /**
   * Answers a request of this process's own clients without the round trip through NATS, when
   * this server handles `subject` and is still open; false, and nothing done, otherwise.
   */
  answer(subject: string, data: unknown, respond: (packet: WritePacket) => void): boolean {
    return this.subs.length > 0 && answerHere(this, this.inFlight, subject, data, respond);
  }

  override handleMessage(channel: string, message: Msg): Promise<unknown> {
    return this.inFlight.track(async () => {
      let incoming: Msg;
      try {
        incoming = await this.withLargePayloads(message);
      } catch (error) {
        this.logger.error(`${channel}: could not read a large payload: ${String(error)}`);
        if (message.reply) message.respond(packetBytes({ id: idOf(message), ...failed(error) }));
        return;
      }
      return super.handleMessage(channel, incoming);
    });
  }

  /** The message with a referenced payload read back, answering large replies by reference. */
  private async withLargePayloads(message: Msg): Promise<Msg> {
    let data = message.data;
    if (Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes(STAND_IN_MARKER)) {
      const packet = parsePacket(data);
      if (isStandIn(packet.data)) {
        // Events (no id) are read by every instance, so only requests take the object.
        packet.data = await this.blobs.unwrap(packet.data, packet.id === undefined);
        data = packetBytes(packet);
      }
    }
    if (data === message.data && !message.reply) return message;
    return {
      subject: message.subject,
      sid: message.sid,
      reply: message.reply,
      headers: message.headers,
      data,
      respond: (reply?: Uint8Array, options?: PublishOptions) =>
        this.respond(message, reply, options),
      json: () => JSON.parse(new TextDecoder().decode(data)),
      string: () => new TextDecoder().decode(data),
    };
  }

  private respond(message: Msg, reply?: Uint8Array, options?: PublishOptions): boolean {
    if (!reply || reply.byteLength <= this.blobs.inlineLimit)
      return message.respond(reply, options);
    const packet = parsePacket(reply);
    const sent = this.blobs.wrap(JSON.stringify(packet.response)).then(
      (ref) => message.respond(packetBytes(withField(packet, 'response', ref)), options),
      (error: unknown) => {
        this.logger.error(`${message.subject}: could not send a large reply: ${String(error)}`);
        return message.respond(packetBytes({ id: packet.id, ...failed(error) }), options);
      },
    );
    void this.inFlight.track(() => sent); // a closing server waits for it too
    return true;
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

/**
 * Requests go over NATS, except those a role of this very process answers (a multi-role
 * process: hub transport handing a message to the mailbox beside it, say). Those are answered
 * here, as the in-process bus answers them, which spares each one its JSON both ways and two
 * trips through the NATS server, and prefers the local instance as Exchange prefers its local
 * mailbox server. Events still travel through NATS: every instance must see them. A server that
 * is closing answers nothing more here, so its process's requests go to the other instances.
 */
export class NatsBusClient extends ClientNats {
  private readonly blobs: NatsBlobs;

  constructor(
    private readonly busOptions: NatsBusOptions,
    private readonly here?: NatsBusServer,
  ) {
    super({ ...connectionOptions(busOptions), serializer: { serialize: serializePacket } });
    this.blobs = new NatsBlobs(() => this.unwrap<NatsConnection>(), busOptions.prefix);
  }

  protected override publish(
    packet: ReadPacket,
    callback: (packet: WritePacket) => void,
  ): () => void {
    let open = true;
    const subject = packet.pattern;
    const here =
      typeof subject === 'string' &&
      this.here?.answer(subject, packet.data, (reply) => {
        if (open) callback(reply);
      });
    if (here)
      return () => {
        open = false;
      };
    const answer = (result: WritePacket) => {
      if (!isStandIn(result.response)) return callback(result);
      this.blobs.unwrap(result.response).then(
        (response) => callback(withField(result, 'response', response)),
        (error: unknown) => callback(failed(error)),
      );
    };
    const json = JSON.stringify(packet.data);
    if (!this.oversized(json))
      return super.publish(withField(packet, 'data', new PayloadJson(json)), answer);
    let teardown = () => {};
    let cancelled = false;
    this.blobs.wrap(json).then(
      (ref) => {
        if (!cancelled) teardown = super.publish(withField(packet, 'data', ref), answer);
      },
      (error: unknown) => callback(failed(error)),
    );
    return () => {
      cancelled = true;
      teardown();
    };
  }

  protected override async dispatchEvent(packet: ReadPacket): Promise<unknown> {
    const json = JSON.stringify(packet.data);
    if (!this.oversized(json))
      return super.dispatchEvent(withField(packet, 'data', new PayloadJson(json)));
    return super.dispatchEvent(withField(packet, 'data', await this.blobs.wrap(json)));
  }

  /** Whether a payload's JSON is too large to travel inline. */
  private oversized(json: string | undefined): json is string {
    if (json === undefined || json.length * 3 <= this.blobs.inlineLimit) return false;
    return Buffer.byteLength(json) > this.blobs.inlineLimit;
  }

  /** NATS tells at once when no instance subscribes: say so, as the in-process bus does. */
  protected override serializeError(error: unknown): unknown {
    return error instanceof EmptyResponseException ? noResponder(String(error.message)) : error;
  }

  protected override normalizePattern(pattern: Parameters<ClientNats['send']>[0]): string {
    return wireSubject(this.busOptions.prefix, super.normalizePattern(pattern));
  }
}

interface Packet {
  id?: string;
  data?: unknown;
  response?: unknown;
  [field: string]: unknown;
}

/**
 * A copy of a packet with one field set. Assigned, not `{ ...packet, [key]: value }`: V8 (Node
 * 20) gives each object that a literal makes with a leading spread and then more properties a
 * hidden class of its own, and every bus message passed here.
 */
const withField = <T extends object, K extends string, V>(packet: T, key: K, value: V) =>
  Object.assign({}, packet, { [key]: value }) as Omit<T, K> & Record<K, V>;

const parsePacket = (bytes: Uint8Array): Packet => JSON.parse(new TextDecoder().decode(bytes));
const packetBytes = (packet: Packet): Uint8Array =>
  new TextEncoder().encode(JSON.stringify(packet));

const idOf = (message: Msg): string | undefined => {
  try {
    return parsePacket(message.data).id;
  } catch {
    return undefined;
  }
};

/**
 * A payload the client already turned into JSON: the size check needs the text, and turning
 * it into JSON again to send it was a tenth of the sender's CPU for a delivery that travels
 * inline (1.5 of 17 ms for 720 kB of MIME as JSON, measured here).
 */
class PayloadJson {
  constructor(readonly text: string | undefined) {}
}

/** The client's packets ({ pattern, data, id }) as JSON, the payload's text spliced in. */
function serializePacket({ data, ...rest }: Packet): { data: Uint8Array } {
  const head = JSON.stringify(rest);
  const json = data instanceof PayloadJson ? data.text : JSON.stringify(data);
  if (json === undefined) return { data: new TextEncoder().encode(head) };
  const comma = head === '{}' ? '' : ',';
  return { data: new TextEncoder().encode(`${head.slice(0, -1)}${comma}"data":${json}}`) };
}

/** A failed side-channel transfer is temporary, like a role that is not there. */
function failed(error: unknown): { err: BusErrorEnvelope; isDisposed: true } {
  return {
    err: {
      code: 'unavailable',
      message: `bus payload transfer failed: ${String(error)}`,
      temporary: true,
    },
    isDisposed: true,
  };
}
