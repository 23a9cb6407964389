import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { whenGone } from './eas.routes';

/** A server that holds each request until the test answers it, and hands its response over. */
async function holdingServer() {
  const held: ServerResponse[] = [];
  const arrived: Array<(response: ServerResponse) => void> = [];
  const server: Server = createServer((_request, response) => {
    const waiting = arrived.shift();
    if (waiting) waiting(response);
    else held.push(response);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    /** Sends a request; resolves with the server's response object once it has the request. */
    async send() {
      const client = request({ port, host: '127.0.0.1', method: 'POST', agent: false });
      client.on('error', () => undefined);
      client.end();
      const response = await new Promise<ServerResponse>((got) => {
        const already = held.shift();
        if (already) got(already);
        else arrived.push(got);
      });
      return { client, response };
    },
    close: () => new Promise((closed) => server.close(closed)),
  };
}

const until = (test: () => boolean) =>
  new Promise<void>((resolve) => {
    const check = () => (test() ? resolve() : setTimeout(check, 5));
    check();
  });

describe('whenGone', () => {
  let server: Awaited<ReturnType<typeof holdingServer>>;
  beforeEach(async () => (server = await holdingServer()));
  afterEach(() => server.close());

  it('tells a held request that the device closed its connection', async () => {
    const { client, response } = await server.send();
    let told = 0;
    whenGone(response)(() => told++);
    client.destroy();
    await until(() => told > 0);
    expect(told).toBe(1);
  });

  it('tells at once when the device left before anyone listened', async () => {
    const { client, response } = await server.send();
    client.destroy();
    await until(() => response.destroyed);
    let told = 0;
    whenGone(response)(() => told++);
    expect(told).toBe(1);
  });

  it('says nothing for an answer the device received, or after listening stopped', async () => {
    const answered = await server.send();
    let told = 0;
    whenGone(answered.response)(() => told++);
    const received = new Promise((resolve) => answered.client.on('response', resolve));
    answered.response.end('done');
    await received;
    answered.client.destroy();

    const left = await server.send();
    const stop = whenGone(left.response)(() => told++);
    stop();
    left.client.destroy();
    await until(() => left.response.destroyed);
    await new Promise((resolve) => setImmediate(resolve));
    expect(told).toBe(0);
    expect(left.response.listenerCount('close')).toBe(0);
  });
});
