/**
 * Serves ADMIN_ROUTES on CAS's HTTPS listener: Basic authentication by the directory, the
 * admin role required, the payload validated, the request handed to its role over the bus,
 * and bus errors answered with the matching HTTP status and a message saying what was wrong.
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BusErrorCode } from '@mail/contracts';
import { BusError, RUNTIME, type Runtime } from '@mail/runtime';
import { Authenticator } from '../auth/authenticator';
import { RETRY_AFTER_SECONDS } from '../eas/protocol';
import type { AdminRoute } from './admin-route';
import { ADMIN_ROUTES } from './routes';
import { openApiDocument } from './openapi';

const HTTP_STATUS: Record<BusErrorCode, number> = {
  'bad-request': 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unavailable: 503,
  timeout: 503,
  internal: 500,
};

/** Admin requests are small; a larger body is refused before it is parsed. */
const BODY_LIMIT = 256 * 1024;
const ADMIN_CHALLENGE = 'Basic realm="Admin API", charset="UTF-8"';

@Injectable()
export class AdminApi implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticator: Authenticator,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  onModuleInit(): void {
    const fastify: FastifyInstance = this.adapterHost.httpAdapter.getInstance();
    const document = openApiDocument(ADMIN_ROUTES, '1');
    fastify.get('/api/openapi.json', async (_request, reply) =>
      reply.header('Cache-Control', 'no-cache').send(document),
    );
    for (const route of ADMIN_ROUTES) {
      fastify.route({
        method: route.method,
        url: `/api${route.path}`,
        bodyLimit: BODY_LIMIT,
        handler: (request, reply) => this.handle(route, request, reply),
      });
    }
  }

  private async handle(
    route: AdminRoute,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    const auth = await this.authenticator.authenticate(request.headers.authorization, request.ip);
    if (auth.outcome === 'challenge')
      return this.fail(
        reply.header('WWW-Authenticate', ADMIN_CHALLENGE),
        401,
        'unauthorized',
        'sign in with an administrator account',
      );
    if (auth.outcome === 'throttled') {
      return this.fail(
        reply.header('Retry-After', String(auth.retryAfterSeconds)),
        429,
        'throttled',
        `too many failed sign-ins: try again in ${auth.retryAfterSeconds} s`,
      );
    }
    if (auth.outcome === 'unavailable')
      return this.fail(
        reply.header('Retry-After', String(RETRY_AFTER_SECONDS)),
        503,
        'unavailable',
        'the directory cannot be reached; try again shortly',
      );
    if (!auth.isAdmin)
      return this.fail(
        reply,
        403,
        'forbidden',
        `${auth.userPrincipalName} is not an administrator`,
      );

    const body = request.body ?? {};
    if (typeof body !== 'object' || Array.isArray(body))
      return this.fail(reply, 400, 'bad-request', 'the body must be a JSON object');
    const parsed = route.payload.safeParse({
      ...(request.query as object),
      ...body,
      ...(request.params as object),
    });
    if (!parsed.success) {
      const message = parsed.error.issues
        .slice(0, 10)
        .map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`)
        .join('; ');
      return this.fail(reply, 400, 'bad-request', message);
    }
    try {
      const result = await this.runtime.bus.request(route.subject, parsed.data);
      this.runtime.logger.info(
        { requestId: request.id, admin: auth.userPrincipalName, operation: route.subject.subject },
        'admin operation',
      );
      await reply.status(route.status).send(result);
    } catch (error) {
      const busError =
        error instanceof BusError ? error : BusError.fromTransport(route.subject.subject, error);
      if (busError.code === 'internal')
        this.runtime.logger.error({ requestId: request.id, err: error }, 'admin operation failed');
      await this.fail(reply, HTTP_STATUS[busError.code], busError.code, busError.message);
    }
  }

  private async fail(
    reply: FastifyReply,
    status: number,
    error: string,
    message: string,
  ): Promise<void> {
    await reply.status(status).header('Cache-Control', 'no-store').send({ error, message });
  }
}
