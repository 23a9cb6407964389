/**
 * Payloads larger than one NATS message (the server's max_payload, 1 MB by default) travel
 * in its place, deflated, when that makes them fit: 512 fetched messages with bodies are
 * 1.6 MB of JSON and about a fifth of that deflated, one message instead of several object
 * store round trips. Otherwise they travel beside it: the JSON goes into a JetStream object
 * store of the deployment and the message carries only a reference. Callers and handlers never
 * see the difference, so a 30 MB delivery or a 5 MB attachment crosses the bus as it does in
 * one process. Objects are taken (read and deleted) by the one receiver of a request or reply;
 * event payloads, which several instances read, are left to the bucket's time to live.
 */
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';
import { nanos, StorageType, type NatsConnection, type ObjectStore } from 'nats';

/** What a message carries in place of a large payload: a reference, or the payload deflated. */
export type StandIn = { $busBlob: string } | { $busDeflated: string };

export function isStandIn(value: unknown): value is StandIn {
  if (typeof value !== 'object' || value === null) return false;
  const fields = value as { $busBlob?: unknown; $busDeflated?: unknown };
  return typeof fields.$busBlob === 'string' || typeof fields.$busDeflated === 'string';
}

/** Text every message with a stand-in contains (both fields start with it). */
export const STAND_IN_MARKER = '"$bus';

const deflated = promisify(deflateRaw);
const inflated = promisify(inflateRaw);
/** Most bytes a deflated payload may grow back to: no role sends more than this in one. */
const MAX_INFLATED_BYTES = 128 * 1024 * 1024;
/**
 * Payloads over this many times the inline limit go straight to the store: mail deflates
 * 3 to 6 times, and deflating a 30 MB delivery only to store it anyway would waste ~0.3 s.
 */
const MAX_DEFLATE_GAIN = 8;

/** Room left in a message for the packet around a payload (id, pattern, reply fields). */
const ENVELOPE_BYTES = 16 * 1024;
/** Long enough for the slowest request to be read; short enough that strays do not pile up. */
const BLOB_TTL_MS = 15 * 60 * 1000;

export class NatsBlobs {
  private store?: Promise<ObjectStore>;

  constructor(
    private readonly connection: () => NatsConnection,
    private readonly prefix: string | undefined,
  ) {}

  /** Largest JSON payload sent inline; anything longer goes through the object store. */
  get inlineLimit(): number {
    return this.connection().info!.max_payload - ENVELOPE_BYTES;
  }

  /** What travels in place of a payload too large to go inline. */
  async wrap(json: string): Promise<StandIn> {
    if (json.length <= this.inlineLimit * MAX_DEFLATE_GAIN) {
      // Level 1: most of the size gain for a fraction of the default level's time.
      const packed = (await deflated(json, { level: 1 })).toString('base64');
      if (packed.length <= this.inlineLimit) return { $busDeflated: packed };
    }
    const name = randomUUID();
    await (await this.open()).putBlob({ name }, Buffer.from(json));
    return { $busBlob: name };
  }

  /** The payload a stand-in stands for; `keep` leaves a stored one for other readers (events). */
  async unwrap(ref: StandIn, keep = false): Promise<unknown> {
    if ('$busDeflated' in ref) {
      const json = await inflated(Buffer.from(ref.$busDeflated, 'base64'), {
        maxOutputLength: MAX_INFLATED_BYTES,
      });
      return JSON.parse(json.toString());
    }
    const store = await this.open();
    const data = await store.getBlob(ref.$busBlob);
    if (data === null) throw new Error(`bus payload ${ref.$busBlob} is gone (expired or taken)`);
    if (!keep) await store.delete(ref.$busBlob).catch(() => undefined);
    return JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString());
  }

  private open(): Promise<ObjectStore> {
    this.store ??= this.connection()
      .jetstream()
      .views.os(bucketName(this.prefix), { ttl: nanos(BLOB_TTL_MS), storage: StorageType.File })
      .catch((error: unknown) => {
        this.store = undefined; // try again on the next large payload
        throw error;
      });
    return this.store;
  }
}

/** Bucket names allow letters, digits, `-` and `_`: one bucket per deployment prefix. */
export function bucketName(prefix: string | undefined): string {
  return `${(prefix ?? 'mail').replace(/[^A-Za-z0-9_-]/g, '_')}-bus-blobs`;
}
