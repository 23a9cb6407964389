/**
 * The fast lane on a real HTTP server made by createHttpAdapter: its routes answer ahead of
 * Fastify (any case of the path, only their methods), with the request id, the metrics and the
 * access log line every request gets; the client address comes from X-Forwarded-For only when
 * the peer is a trusted proxy; a handler that throws is a 500, not a hung request; once the
 * server is closing, Fastify answers 503.
 */
import { Writable } from 'node:stream';
import { connect, type AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../logging/logger';
import { Metrics } from '../metrics/metrics';
import { fastLaneOf } from './fast-lane';
import { createHttpAdapter } from './http-adapter';

async function server(trustedProxies?: string[]) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const metrics = new Metrics({ roles: 'test' });
  const adapter = createHttpAdapter({
    logger: createLogger({ level: 'info' }, sink),
    metrics,
    trustedProxies,
  });
  const fastify: FastifyInstance = adapter.getInstance();
  fastify.get('/elsewhere', async () => ({ by: 'fastify' }));
  const lane = fastLaneOf(fastify);
  lane.route('/Lane', ['POST'], async ({ request, response, ip }) => {
    if (request.headers['x-fail']) throw new Error('handler failed');
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ip, url: request.url }));
  });
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}`;
  return { fastify, metrics, lines, base };
}

describe('fast lane', () => {
  let running: Awaited<ReturnType<typeof server>>;
  afterEach(() => running.fastify.close());

  it('answers its routes ahead of Fastify, with request id, metrics and a log line', async () => {
    running = await server();
    const answer = await fetch(`${running.base}/LANE?Cmd=Sync`, {
      method: 'POST',
      headers: { 'x-request-id': 'given-id-1' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toBe('given-id-1');
    expect(await answer.json()).toEqual({ ip: '127.0.0.1', url: '/LANE?Cmd=Sync' });
    const generated = await fetch(`${running.base}/lane`, { method: 'POST' });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await generated.text();

    const metrics = await running.metrics.registry.metrics();
    expect(metrics).toMatch(
      /http_requests_total\{method="POST",route="\/Lane",status="200"[^}]*\} 2/,
    );
    expect(metrics).toMatch(
      /http_request_duration_seconds_count\{[^}]*method="POST",route="\/Lane"[^}]*\} 2/,
    );
    expect(running.lines).toContainEqual(
      expect.objectContaining({
        msg: 'request completed',
        requestId: 'given-id-1',
        statusCode: 200,
        component: 'http',
      }),
    );
  });

  it('leaves other paths and other methods to Fastify', async () => {
    running = await server();
    const other = await fetch(`${running.base}/elsewhere`);
    expect(await other.json()).toEqual({ by: 'fastify' });
    expect(other.headers.get('x-request-id')).toBeTruthy();
    const get = await fetch(`${running.base}/Lane`);
    expect(get.status).toBe(404);
    await get.text();
  });

  it('takes the client address from X-Forwarded-For only from a trusted proxy', async () => {
    running = await server(['127.0.0.1']);
    const proxied = await fetch(`${running.base}/Lane`, {
      method: 'POST',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(((await proxied.json()) as { ip: string }).ip).toBe('203.0.113.9');
    await running.fastify.close();

    running = await server(['192.0.2.1']);
    const untrusted = await fetch(`${running.base}/Lane`, {
      method: 'POST',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(((await untrusted.json()) as { ip: string }).ip).toBe('127.0.0.1');
  });

  it('answers 500 and logs when a handler throws, and keeps serving', async () => {
    running = await server();
    const failed = await fetch(`${running.base}/Lane`, {
      method: 'POST',
      headers: { 'x-fail': '1' },
    });
    expect(failed.status).toBe(500);
    await failed.text();
    expect(running.lines).toContainEqual(expect.objectContaining({ msg: 'request failed' }));
    expect((await fetch(`${running.base}/Lane`, { method: 'POST' })).status).toBe(200);
  });

  it('leaves requests to Fastify once the server is closing (503)', async () => {
    running = await server();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    fastLaneOf(running.fastify).route('/Held', ['POST'], async ({ response }) => {
      await held;
      response.writeHead(200, { 'content-length': 0 }).end();
    });
    // A connection busy with a held request when the server begins to close: the request it
    // sends next is refused.
    const socket = connect((running.fastify.server.address() as AddressInfo).port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk));
    const ended = new Promise((resolve) => socket.on('close', resolve));
    const pause = () => new Promise((resolve) => setTimeout(resolve, 100));
    socket.write('POST /Held HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n');
    await pause();
    const closing = running.fastify.close();
    socket.write('POST /Lane HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n');
    await pause();
    release();
    await ended;
    await closing;
    expect(received.match(/^HTTP\/1\.1 \d+/gm)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 503']);
  });
});
