/**
 * The deflated stand-in on its own (the NATS round trips are in bus.contract.spec.ts): a large
 * payload that deflates into one message never touches the object store, and one that would
 * inflate past the bound is refused rather than filling memory.
 */
import { deflateRawSync } from 'node:zlib';
import type { NatsConnection } from 'nats';
import { NatsBlobs } from './nats-blobs';

const MAX_PAYLOAD = 1024 * 1024;
/** A connection that only knows its max_payload: any use of JetStream fails the test. */
const connection = () =>
  ({
    info: { max_payload: MAX_PAYLOAD },
    jetstream: () => {
      throw new Error('the object store was used');
    },
  }) as unknown as NatsConnection;

describe('NatsBlobs', () => {
  const blobs = new NatsBlobs(connection, 'test');

  it('sends a payload that deflates into one message in the message', async () => {
    const payload = {
      items: Array.from({ length: 512 }, (_, i) => ({ i, body: 'Agenda. '.repeat(300) })),
    };
    const json = JSON.stringify(payload);
    expect(json.length).toBeGreaterThan(MAX_PAYLOAD);
    const standIn = await blobs.wrap(json);
    expect(standIn).toHaveProperty('$busDeflated');
    expect(JSON.stringify(standIn).length).toBeLessThan(MAX_PAYLOAD);
    await expect(blobs.unwrap(standIn)).resolves.toEqual(payload);
  });

  it('stores a payload more than 8 times the limit without trying to deflate it', async () => {
    const json = JSON.stringify({ body: 'Agenda. '.repeat(MAX_PAYLOAD) });
    await expect(blobs.wrap(json)).rejects.toThrow('the object store was used');
  });

  it('refuses a deflated payload that would grow past 128 MB', async () => {
    const bomb = deflateRawSync(Buffer.alloc(129 * 1024 * 1024, 0x20)).toString('base64');
    expect(bomb.length).toBeLessThan(MAX_PAYLOAD);
    await expect(blobs.unwrap({ $busDeflated: bomb })).rejects.toThrow(
      /larger than 134217728 bytes/,
    );
  });
});
