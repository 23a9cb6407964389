/**
 * One contract, two transports: the in-process bus (embedded mode) and NATS (distributed
 * mode, the real server on this machine) must behave the same for requests, errors, timeouts,
 * load sharing between instances of a role, event fan-out and graceful close.
 */
import 'reflect-metadata';
import { Controller, Inject, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import { connect } from 'nats';
import { event, request } from '@mail/contracts';
import { TEST_NATS_URL, uniqueName } from '../testing/services';
import { BusError, BusTimeoutError } from './bus-error';
import { createBusTransport, type BusTransport } from './bus-transport';
import { InProcessHub } from './in-process.transport';
import { bucketName } from './nats-blobs';

const Echo = request<{ text: string; at?: string }, { text: string; instance: string }>(
  'mailbox',
  'test',
  'echo',
);
const Refuse = request<Record<string, never>, never>('mailbox', 'test', 'refuse');
const Crash = request<Record<string, never>, never>('mailbox', 'test', 'crash');
const Slow = request<{ ms: number }, { slept: number }>('mailbox', 'test', 'slow');
const Nobody = request<Record<string, never>, never>('mailbox', 'test', 'unhandled');
const Happened = event<{ n: number }>('mailbox', 'test', 'happened');
const Large = request<
  { blob: string; replyBytes: number; plain?: boolean },
  { length: number; blob: string }
>('mailbox', 'test', 'large');
const LargeHappened = event<{ blob: string }>('mailbox', 'test', 'large-happened');
/**
 * Larger than NATS's default max_payload (1 MB) even deflated: pseudo-random letters (the same
 * for a size every time), with multi-byte characters in it.
 */
const bigText = (bytes: number) => {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éü+/';
  let seed = bytes;
  let text = '';
  while (text.length < bytes / 2) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    text += letters[seed % letters.length];
  }
  return text;
};
/** Larger than max_payload as JSON, but a small fraction of it deflated. */
const plainText = (bytes: number) =>
  'é'.repeat(bytes / 4) + 'Quarterly numbers. '.repeat(bytes / 38);

const INSTANCE = Symbol('INSTANCE');
interface Instance {
  name: string;
  events: number[];
  largeEvents: number[];
}

@Controller()
class TestController {
  constructor(@Inject(INSTANCE) private readonly instance: Instance) {}

  @MessagePattern(Echo.subject)
  echo(payload: { text: string; at?: string }) {
    return { text: payload.text, instance: this.instance.name, typeOfAt: typeof payload.at };
  }

  @MessagePattern(Refuse.subject)
  refuse(): never {
    throw new BusError('conflict', 'that address is already taken');
  }

  @MessagePattern(Crash.subject)
  crash(): never {
    throw new Error('stack detail that must stay in the handler log');
  }

  @MessagePattern(Slow.subject)
  async slow(payload: { ms: number }) {
    await new Promise((resolve) => setTimeout(resolve, payload.ms));
    return { slept: payload.ms };
  }

  @EventPattern(Happened.subject)
  happened(payload: { n: number }) {
    this.instance.events.push(payload.n);
  }

  @MessagePattern(Large.subject)
  large(payload: { blob: string; replyBytes: number; plain?: boolean }) {
    const text = payload.plain ? plainText : bigText;
    return { length: payload.blob.length, blob: text(payload.replyBytes) };
  }

  @EventPattern(LargeHappened.subject)
  largeHappened(payload: { blob: string }) {
    this.instance.largeEvents.push(payload.blob.length);
  }
}

async function startInstance(
  transport: BusTransport,
  name: string,
): Promise<{ app: INestMicroservice; instance: Instance }> {
  const instance: Instance = { name, events: [], largeEvents: [] };
  @Module({ controllers: [TestController], providers: [{ provide: INSTANCE, useValue: instance }] })
  class TestModule {}
  const app = await NestFactory.createMicroservice(TestModule, {
    strategy: transport.server,
    logger: false,
  });
  await app.listen();
  return { app, instance };
}

const eventually = async (check: () => void, timeoutMs = 3000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
};

describe.each([
  [
    'in-process',
    () => ({
      hub: new InProcessHub() as InProcessHub | undefined,
      natsServers: undefined as string[] | undefined,
    }),
  ],
  ['NATS', () => ({ hub: undefined, natsServers: [TEST_NATS_URL] })],
])('bus contract over %s', (_kind, transportSettings) => {
  let settings: ReturnType<typeof transportSettings> & { prefix: string };
  let a: { app: INestMicroservice; instance: Instance };
  let b: { app: INestMicroservice; instance: Instance };
  let caller: BusTransport;
  const make = () =>
    createBusTransport({
      ...settings,
      timeoutMs: 2000,
      drainTimeoutMs: 5000,
      name: 'bus-contract-test',
    });

  beforeEach(async () => {
    settings = { ...transportSettings(), prefix: uniqueName('t') };
    a = await startInstance(make(), 'a');
    b = await startInstance(make(), 'b');
    caller = make();
  });

  afterEach(async () => {
    await caller.client.close();
    await a.app.close().catch(() => undefined);
    await b.app.close().catch(() => undefined);
    if (settings.natsServers) {
      // The test's own payload bucket, if a large payload made one.
      const nats = await connect({ servers: settings.natsServers });
      const manager = await nats.jetstreamManager();
      await manager.streams.delete(`OBJ_${bucketName(settings.prefix)}`).catch(() => undefined);
      await nats.close();
    }
  });

  it('answers a request with the reply, payloads copied as JSON', async () => {
    const reply = await caller.client.request(Echo, {
      text: 'hello',
      at: new Date(0) as unknown as string,
    });
    expect(reply).toMatchObject({ text: 'hello', typeOfAt: 'string' });
  });

  it('turns a payload into JSON once, a request and an event alike', async () => {
    // A delivery's MIME is megabytes: each extra pass over it blocks the sender's event loop.
    let passes = 0;
    const counted = <T extends object>(payload: T): T => ({
      ...payload,
      toJSON: () => (passes++, payload),
    });
    await expect(caller.client.request(Echo, counted({ text: 'once' }))).resolves.toMatchObject({
      text: 'once',
    });
    expect(passes).toBe(1);
    await caller.client.emit(Happened, counted({ n: 8 }));
    await eventually(() => expect(b.instance.events).toEqual([8]));
    // NATS fans the one text out; in process, each instance gets a copy of its own.
    expect(passes).toBe(1 + (settings.natsServers ? 1 : 2));
  });

  it('spreads requests over the instances of a role', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 2; i++)
      seen.add((await caller.client.request(Echo, { text: `${i}` })).instance);
    expect([...seen].sort()).toEqual(['a', 'b']);
  });

  it('carries a handler error back as a typed BusError', async () => {
    const error = await caller.client.request(Refuse, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusError);
    expect(error).toMatchObject({
      code: 'conflict',
      message: 'that address is already taken',
      temporary: false,
    });
  });

  it('turns an unexpected exception into `internal` without leaking its detail', async () => {
    const error = await caller.client.request(Crash, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusError);
    expect(error).toMatchObject({ code: 'internal' });
    expect((error as BusError).message).not.toContain('stack detail');
  });

  it('fails a slow request with a timeout error at the deadline', async () => {
    const started = Date.now();
    const error = await caller.client
      .request(Slow, { ms: 1000 }, { timeoutMs: 200 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusTimeoutError);
    expect(error).toMatchObject({ code: 'timeout', temporary: true });
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('fails a request nobody handles at once as unavailable, not a hang', async () => {
    const started = Date.now();
    const error = await caller.client
      .request(Nobody, {}, { timeoutMs: 5000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusError);
    expect(error).toMatchObject({ code: 'unavailable', temporary: true });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('delivers an event to every instance', async () => {
    await caller.client.emit(Happened, { n: 7 });
    await eventually(() => {
      expect(a.instance.events).toEqual([7]);
      expect(b.instance.events).toEqual([7]);
    });
  });

  it('carries requests, replies and events larger than one NATS message', async () => {
    const blob = bigText(6 * 1024 * 1024);
    const reply = await caller.client.request(
      Large,
      { blob, replyBytes: 5 * 1024 * 1024 },
      { timeoutMs: 20_000 },
    );
    expect(reply.length).toBe(blob.length);
    expect(reply.blob).toBe(bigText(5 * 1024 * 1024));
    // Small answers to large questions and the reverse take the same path.
    await expect(
      caller.client.request(Large, { blob: 'x', replyBytes: 3 * 1024 * 1024 }),
    ).resolves.toMatchObject({ length: 1 });
    await caller.client.emit(LargeHappened, { blob });
    await eventually(() => {
      expect(a.instance.largeEvents).toEqual([blob.length]);
      expect(b.instance.largeEvents).toEqual([blob.length]);
    }, 10_000);
  });

  it('carries large payloads that deflate well in the message itself', async () => {
    const blob = plainText(6 * 1024 * 1024);
    const reply = await caller.client.request(
      Large,
      { blob, replyBytes: 5 * 1024 * 1024, plain: true },
      { timeoutMs: 20_000 },
    );
    expect(reply.length).toBe(blob.length);
    expect(reply.blob).toBe(plainText(5 * 1024 * 1024));
    await caller.client.emit(LargeHappened, { blob });
    await eventually(() => {
      expect(a.instance.largeEvents).toEqual([blob.length]);
      expect(b.instance.largeEvents).toEqual([blob.length]);
    }, 10_000);
    if (settings.natsServers) {
      // Nothing went through the object store: its bucket was never made.
      const nats = await connect({ servers: settings.natsServers });
      try {
        const manager = await nats.jetstreamManager();
        const bucket = manager.streams.info(`OBJ_${bucketName(settings.prefix)}`);
        await expect(bucket).rejects.toThrow(/not found/);
      } finally {
        await nats.close();
      }
    }
  });

  it('lets a request in flight finish when its server closes', async () => {
    const pending = caller.client.request(Slow, { ms: 400 }, { timeoutMs: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 100)); // the request has reached a handler
    await Promise.all([a.app.close(), b.app.close()]);
    await expect(pending).resolves.toEqual({ slept: 400 });
  });

  it('keeps deployments with different prefixes apart', async () => {
    const other = createBusTransport({
      ...transportSettings(),
      hub: settings.hub,
      prefix: uniqueName('other'),
      timeoutMs: 300,
      drainTimeoutMs: 100,
      name: 'x',
    });
    if (settings.natsServers) {
      await expect(other.client.request(Echo, { text: 'x' })).rejects.toMatchObject({
        code: 'unavailable',
      });
    } else {
      // In one process the hub is the deployment; the prefix only matters on a shared NATS.
      await expect(other.client.request(Echo, { text: 'x' })).resolves.toMatchObject({ text: 'x' });
    }
    await other.client.close();
  });
});

describe('a process that runs a role itself, over NATS', () => {
  let prefix: string;
  const make = () =>
    createBusTransport({
      natsServers: [TEST_NATS_URL],
      prefix,
      timeoutMs: 2000,
      drainTimeoutMs: 5000,
      name: 'bus-local-test',
    });
  let here: BusTransport;
  let local: { app: INestMicroservice; instance: Instance };
  let remote: { app: INestMicroservice; instance: Instance };

  beforeEach(async () => {
    prefix = uniqueName('t');
    here = make();
    local = await startInstance(here, 'here');
    remote = await startInstance(make(), 'elsewhere');
  });

  afterEach(async () => {
    await here.client.close();
    await local.app.close().catch(() => undefined);
    await remote.app.close().catch(() => undefined);
  });

  it('answers its own requests itself, payloads copied as JSON', async () => {
    // NATS would spread these over both instances (see 'spreads requests' above).
    for (let i = 0; i < 20; i++) {
      const reply = await here.client.request(Echo, {
        text: `${i}`,
        at: new Date(0) as unknown as string,
      });
      expect(reply).toEqual({ text: `${i}`, instance: 'here', typeOfAt: 'string' });
    }
  });

  it('keeps errors, timeouts and large payloads as the wire gives them', async () => {
    await expect(here.client.request(Refuse, {})).rejects.toMatchObject({
      code: 'conflict',
      message: 'that address is already taken',
    });
    const crash = await here.client.request(Crash, {}).catch((e: unknown) => e);
    expect(crash).toMatchObject({ code: 'internal' });
    expect((crash as BusError).message).not.toContain('stack detail');
    await expect(
      here.client.request(Slow, { ms: 1000 }, { timeoutMs: 200 }),
    ).rejects.toBeInstanceOf(BusTimeoutError);
    const blob = bigText(2 * 1024 * 1024);
    await expect(
      here.client.request(Large, { blob, replyBytes: 10 }, { timeoutMs: 20_000 }),
    ).resolves.toMatchObject({ length: blob.length });
  });

  it('still sends its events through NATS to every instance', async () => {
    await here.client.emit(Happened, { n: 3 });
    await eventually(() => {
      expect(local.instance.events).toEqual([3]);
      expect(remote.instance.events).toEqual([3]);
    });
  });

  it('leaves requests to the other instances once its own server closes', async () => {
    const pending = here.client.request(Slow, { ms: 300 }, { timeoutMs: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await local.app.close(); // waits for the request it is answering
    await expect(pending).resolves.toEqual({ slept: 300 });
    const reply = await here.client.request(Echo, { text: 'after' });
    expect(reply.instance).toBe('elsewhere');
  });
});
