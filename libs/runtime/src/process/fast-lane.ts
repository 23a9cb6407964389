/**
 * Paths answered ahead of Fastify on the same server. Fastify's routing, hooks, reply object
 * and per-request child logger cost as much as a trivial EAS request itself (bench/eas: about
 * 6,000 requests/s through Fastify, 10,000 in this lane), and the EAS endpoint needs none of
 * them: it reads its own query, headers and body. The lane keeps what the process promises of
 * every request: the request id (X-Request-Id), the access log line, the metrics, the client
 * address behind trusted proxies, and 503 while closing (the request is then left to Fastify,
 * which answers it so).
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';

export interface FastExchange {
  request: IncomingMessage;
  response: ServerResponse;
  /** The client's address: X-Forwarded-For's when the peer is a trusted proxy. */
  ip: string;
}

export type FastHandler = (exchange: FastExchange) => Promise<void>;

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

interface Route {
  path: string;
  methods: ReadonlySet<string>;
  handle: FastHandler;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** A well-formed X-Request-Id from the client, else a new one (Fastify's routes use it too). */
export function requestIdOf(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export class FastLane {
  /** By lower-case path: EAS clients vary the case of the path. */
  private readonly routes = new Map<string, Route>();
  private readonly trust: ((address: string, hop: number) => boolean) | undefined;
  private closing = false;

  constructor(
    private readonly log: Logger,
    private readonly metrics: Metrics,
    trustedProxies: string[] | undefined,
  ) {
    this.trust = trustedProxies?.length ? proxyAddr.compile(trustedProxies) : undefined;
  }

  /** Puts the lane in front of the Fastify instance's own request listener. */
  install(fastify: FastifyInstance): void {
    const server = fastify.server;
    const behind = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', this.before(...behind));
    fastify.addHook('preClose', (done) => {
      this.closing = true;
      done();
    });
  }

  /**
   * A request listener that answers the lane's paths and hands the rest to `behind`: the
   * Fastify server's own, or another server's (the plain-HTTP port behind a front end).
   */
  before(...behind: RequestListener[]): RequestListener {
    return (request, response) => {
      if (!this.take(request, response)) for (const listener of behind) listener(request, response);
    };
  }

  route(path: string, methods: string[], handle: FastHandler): void {
    this.routes.set(path.toLowerCase(), { path, methods: new Set(methods), handle });
  }

  private take(request: IncomingMessage, response: ServerResponse): boolean {
    if (this.closing || this.routes.size === 0) return false;
    const url = request.url ?? '';
    const question = url.indexOf('?');
    const route = this.routes.get((question < 0 ? url : url.slice(0, question)).toLowerCase());
    if (!route || !route.methods.has(request.method ?? '')) return false;
    void this.run(route, request, response);
    return true;
  }

  private async run(route: Route, request: IncomingMessage, response: ServerResponse) {
    const started = performance.now();
    const requestId = requestIdOf(request.headers);
    const method = request.method!;
    response.setHeader('x-request-id', requestId);
    response.once('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      const status = response.statusCode;
      this.metrics.httpAnswered(method, route.path, status, seconds);
      if (this.log.isLevelEnabled('info'))
        this.log.info(
          { requestId, method, url: request.url, statusCode: status, responseTime: seconds * 1000 },
          'request completed',
        );
    });
    try {
      await route.handle({ request, response, ip: this.ipOf(request) });
    } catch (error) {
      this.log.error({ requestId, err: error }, 'request failed');
      if (!response.headersSent) response.writeHead(500, { 'content-length': 0 }).end();
      else response.destroy();
    }
  }

  private ipOf(request: IncomingMessage): string {
    return this.trust ? proxyAddr(request, this.trust) : (request.socket.remoteAddress ?? '');
  }
}

const lanes = new WeakMap<FastifyInstance, FastLane>();

export function attachFastLane(fastify: FastifyInstance, lane: FastLane): void {
  lane.install(fastify);
  lanes.set(fastify, lane);
}

/** The lane in front of a process's HTTP server (every server made by createHttpAdapter has one). */
export function fastLaneOf(fastify: FastifyInstance): FastLane {
  const lane = lanes.get(fastify);
  if (!lane) throw new Error('this HTTP server has no fast lane');
  return lane;
}
