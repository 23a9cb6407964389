import type { CustomTransportStrategy } from '@nestjs/microservices';
import { BusClient, type BusProxy } from './bus-client';
import { InProcessClient, InProcessHub, InProcessServer } from './in-process.transport';
import { NatsBusClient, NatsBusServer } from './nats.transport';

export interface BusTransport {
  kind: 'nats' | 'in-process';
  server: CustomTransportStrategy;
  proxy: BusProxy;
  client: BusClient;
}

export interface BusSettings {
  natsServers?: string[];
  prefix?: string;
  timeoutMs: number;
  drainTimeoutMs: number;
  name: string;
  /** Shared by every in-process server and client of one process; a fresh one when omitted. */
  hub?: InProcessHub;
}

/** NATS when servers are configured, the in-process hub otherwise (DESIGN.md, two ways to run). */
export function createBusTransport(settings: BusSettings): BusTransport {
  if (settings.natsServers?.length) {
    const options = {
      servers: settings.natsServers,
      prefix: settings.prefix,
      name: settings.name,
      drainTimeoutMs: settings.drainTimeoutMs,
    };
    const server = new NatsBusServer(options);
    const proxy = new NatsBusClient(options, server);
    return {
      kind: 'nats',
      server,
      proxy,
      client: new BusClient(proxy, settings.timeoutMs),
    };
  }
  const hub = settings.hub ?? new InProcessHub();
  const proxy = new InProcessClient(hub);
  return {
    kind: 'in-process',
    server: new InProcessServer(hub, settings.drainTimeoutMs),
    proxy,
    client: new BusClient(proxy, settings.timeoutMs),
  };
}
