/**
 * Payloads larger than one NATS message (the server's max_payload, 1 MB by default) travel
 * beside it: the JSON goes into a JetStream object store of the deployment and the message
 * carries only a reference. Callers and handlers never see the difference, so a 30 MB delivery
 * or a 5 MB attachment crosses the bus as it does in one process. Objects are taken (read and
 * deleted) by the one receiver of a request or reply; event payloads, which several instances
 * read, are left to the bucket's time to live.
 */
import { randomUUID } from 'node:crypto';
import { nanos, StorageType, type NatsConnection, type ObjectStore } from 'nats';

/** What a message carries in place of a large payload. */
export interface BlobRef {
  $busBlob: string;
}

export function isBlobRef(value: unknown): value is BlobRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<BlobRef>).$busBlob === 'string'
  );
}

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

  /** The payload as it should travel: itself when it fits, otherwise a reference to it. */
  async wrap(json: string): Promise<BlobRef> {
    const name = randomUUID();
    await (await this.open()).putBlob({ name }, Buffer.from(json));
    return { $busBlob: name };
  }

  /** The payload a reference stands for; `keep` leaves it for other readers (events). */
  async unwrap(ref: BlobRef, keep = false): Promise<unknown> {
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
