/**
 * `/Microsoft-Server-ActiveSync` on CAS's HTTPS listener: OPTIONS and POST handed to the
 * EasEndpoint pipeline in the HTTP server's fast lane (fast-lane.ts), ahead of Fastify: the
 * endpoint reads its own query, headers and body (bounded, only after the caller is known to be
 * allowed), so none of Fastify's routing, body parsing or reply machinery is needed, and a
 * trivial request costs about half as much without it.
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance } from 'fastify';
import { fastLaneOf, RUNTIME, type FastExchange, type Runtime } from '@mail/runtime';
import type { Caller } from '../auth/authenticator';
import type { EasHttpResponse } from './answers';
import { EasEndpoint, type EasHttpRequest } from './eas-endpoint';
import { EAS_PATH } from './protocol';
import type { WhenGone } from './push/push-watch';

/** What the HTTP layer knows of the caller: addresses, credentials, a verified certificate. */
export function callerOf(request: IncomingMessage, ip: string, proxyUserHeader: string): Caller {
  const socket = request.socket as Partial<TLSSocket>;
  const certificate =
    socket.authorized && typeof socket.getPeerX509Certificate === 'function'
      ? socket.getPeerX509Certificate()
      : undefined;
  const proxyUser = request.headers[proxyUserHeader];
  return {
    authorization: request.headers.authorization,
    source: ip,
    peerAddress: request.socket.remoteAddress ?? '',
    proxyUser: typeof proxyUser === 'string' ? proxyUser : undefined,
    certificate,
    connection: request.socket,
  };
}

/** Sends an endpoint answer; a connection whose body was left unread is closed after it. */
function send(exchange: FastExchange, answer: EasHttpResponse): void {
  const body =
    answer.body === undefined
      ? undefined
      : Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength);
  // Assigned, not spread after the answer's headers (answers.ts says why).
  const headers: Record<string, string | number> = Object.assign({}, answer.headers);
  headers['content-length'] = body?.length ?? 0;
  if (answer.close) headers.connection = 'close';
  exchange.response.writeHead(answer.status, headers);
  exchange.response.end(body);
}

@Injectable()
export class EasRoutes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly endpoint: EasEndpoint,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  onModuleInit(): void {
    const fastify: FastifyInstance = this.adapterHost.httpAdapter.getInstance();
    const header = this.runtime.config.trustedProxyUserHeader;
    fastLaneOf(fastify).route(EAS_PATH, ['OPTIONS', 'POST'], async (exchange) => {
      const { request, response } = exchange;
      const caller = callerOf(request, exchange.ip, header);
      if (request.method === 'OPTIONS')
        return send(exchange, await this.endpoint.options({ headers: request.headers, caller }));
      const url = request.url ?? '';
      const question = url.indexOf('?');
      // Built whole, not spread from a shared part: a spread gave each request's object a
      // hidden class of its own (about 600 bytes each, kept while a Ping is held).
      const asked: EasHttpRequest = {
        rawQuery: question < 0 ? '' : url.slice(question + 1),
        headers: request.headers,
        caller,
        body: request,
        whenGone: whenGone(response),
      };
      send(exchange, await this.endpoint.post(asked));
    });
  }
}

/** How a held request learns that the device went away before it had the whole answer. */
export function whenGone(response: ServerResponse): WhenGone {
  return (listener) => {
    const onClose = () => {
      if (!response.writableFinished) listener();
    };
    if (response.destroyed) {
      onClose();
      return () => undefined;
    }
    response.on('close', onClose);
    return () => response.off('close', onClose);
  };
}
