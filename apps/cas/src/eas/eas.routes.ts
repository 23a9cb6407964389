/**
 * `/Microsoft-Server-ActiveSync` on CAS's HTTPS listener: OPTIONS and POST handed to the
 * EasEndpoint pipeline. The routes live in their own Fastify scope whose only body parser
 * leaves the body unread, so the endpoint reads it (bounded) only after the caller is known
 * to be allowed; the admin API's JSON parsing is untouched.
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RUNTIME, type Runtime } from '@mail/runtime';
import type { Caller } from '../auth/authenticator';
import type { EasHttpResponse } from './answers';
import { EasEndpoint } from './eas-endpoint';
import { EAS_PATH } from './protocol';

/** What the HTTP layer knows of the caller: addresses, credentials, a verified certificate. */
export function callerOf(request: FastifyRequest, proxyUserHeader: string): Caller {
  const socket = request.raw.socket as Partial<TLSSocket>;
  const certificate =
    socket.authorized && typeof socket.getPeerX509Certificate === 'function'
      ? socket.getPeerX509Certificate()
      : undefined;
  const proxyUser = request.headers[proxyUserHeader];
  return {
    authorization: request.headers.authorization,
    source: request.ip,
    peerAddress: request.raw.socket.remoteAddress ?? '',
    proxyUser: typeof proxyUser === 'string' ? proxyUser : undefined,
    certificate,
    connection: request.raw.socket,
  };
}

/** Sends an endpoint answer; a connection whose body was left unread is closed after it. */
export async function send(reply: FastifyReply, answer: EasHttpResponse): Promise<void> {
  reply.status(answer.status).headers(answer.headers);
  if (answer.close) reply.header('Connection', 'close');
  await reply.send(answer.body === undefined ? undefined : Buffer.from(answer.body));
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
    void fastify.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
      scope.route({
        method: 'OPTIONS',
        url: EAS_PATH,
        handler: async (request, reply) =>
          send(
            reply,
            await this.endpoint.options({
              headers: request.headers,
              caller: callerOf(request, header),
              signal: () => abortedWith(reply),
            }),
          ),
      });
      scope.route({
        method: 'POST',
        url: EAS_PATH,
        // Answered from onRequest: the body is the endpoint's to read (bounded, after the
        // gate), so Fastify's body handling has nothing to do and is skipped entirely.
        onRequest: async (request, reply) => {
          const question = request.url.indexOf('?');
          await send(
            reply,
            await this.endpoint.post({
              rawQuery: question < 0 ? '' : request.url.slice(question + 1),
              headers: request.headers,
              caller: callerOf(request, header),
              body: request.raw,
              signal: () => abortedWith(reply),
            }),
          );
          return reply;
        },
        handler: async () => undefined,
      });
    });
  }
}

/** An AbortSignal that fires when the device goes away before it has the whole answer. */
export function abortedWith(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}
