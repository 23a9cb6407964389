/**
 * `/autodiscover/autodiscover.xml` (any letter case: the router ignores case) on CAS's HTTPS
 * listener. The body is read only after the route is reached, within its bound.
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { RUNTIME, type Runtime } from '@mail/runtime';
import { Authenticator } from '../auth/authenticator';
import { DirectoryViews } from '../directory/directory-views';
import { callerOf } from '../eas/eas.routes';
import { EAS_LIMITS } from '../eas/limits';
import { Autodiscover } from './autodiscover';

export const AUTODISCOVER_PATH = '/autodiscover/autodiscover.xml';

@Injectable()
export class AutodiscoverRoutes implements OnModuleInit {
  private readonly autodiscover: Autodiscover;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    authenticator: Authenticator,
    directory: DirectoryViews,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {
    this.autodiscover = new Autodiscover(
      authenticator,
      directory,
      runtime.config,
      runtime.logger.child({ component: 'autodiscover' }),
    );
  }

  onModuleInit(): void {
    const fastify: FastifyInstance = this.adapterHost.httpAdapter.getInstance();
    const header = this.runtime.config.trustedProxyUserHeader;
    void fastify.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser(
        '*',
        { parseAs: 'buffer', bodyLimit: EAS_LIMITS.autodiscoverMaxBodyBytes },
        (_request, body, done) => done(null, body),
      );
      scope.route({
        method: ['GET', 'POST'],
        url: AUTODISCOVER_PATH,
        handler: async (request, reply) => {
          const answer = await this.autodiscover.answer({
            caller: callerOf(request.raw, request.ip, header),
            host: request.headers.host,
            body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
          });
          await reply.status(answer.status).headers(answer.headers).send(answer.body);
        },
      });
    });
  }
}
