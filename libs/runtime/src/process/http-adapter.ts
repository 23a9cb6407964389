/**
 * The HTTP front of a process (CAS's listener): Fastify over TLS, a request id on every
 * request (taken from a well-formed X-Request-Id, else generated) that appears in each log
 * line and in the response, and Prometheus counters per route. The TLS server asks every
 * client for a certificate without requiring one: EAS may sign devices in with it, and the
 * EAS gate decides (by the ActiveSync virtual directory) whether one is needed. Behind
 * trusted proxies, the client address comes from X-Forwarded-For. Paths that need none of
 * Fastify's machinery are answered ahead of it, with the same promises (fast-lane.ts).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { LogController } from 'fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';
import type { ServerCertificate } from '../tls/certificate';
import { attachFastLane, FastLane, requestIdOf } from './fast-lane';

export function createHttpAdapter(options: {
  logger: Logger;
  metrics: Metrics;
  certificate?: ServerCertificate;
  /** PEM CA certificates client certificates must chain to; none: no certificate verifies. */
  clientCa?: string;
  trustedProxies?: string[];
}): FastifyAdapter {
  const tls = options.certificate
    ? {
        https: {
          key: options.certificate.key,
          cert: options.certificate.cert,
          requestCert: true,
          rejectUnauthorized: false,
          ...(options.clientCa ? { ca: options.clientCa } : {}),
        },
      }
    : {};
  const log = options.logger.child({ component: 'http' });
  const adapter = new FastifyAdapter({
    ...tls,
    loggerInstance: log,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    requestIdHeader: false,
    genReqId: (request: { headers: IncomingHttpHeaders }) => requestIdOf(request.headers),
    // EAS clients and Autodiscover vary the case of paths (/autodiscover/AutoDiscover.xml).
    // Path parameters carry addresses (320 characters) and device ids (128), not just ids.
    routerOptions: { caseSensitive: false, maxParamLength: 512 },
    // Held Pings last up to an hour: the server must not cut them.
    requestTimeout: 0,
    connectionTimeout: 0,
    keepAliveTimeout: 65_000,
    return503OnClosing: true,
    ...(options.trustedProxies?.length ? { trustProxy: options.trustedProxies } : {}),
  });
  const fastify = adapter.getInstance();
  attachFastLane(fastify, new FastLane(log, options.metrics, options.trustedProxies));
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    options.metrics.httpAnswered(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
  return adapter;
}
