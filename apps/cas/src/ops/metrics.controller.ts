import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RUNTIME, type Runtime } from '@mail/runtime';

/** Prometheus scrape endpoint for this process. */
@Controller()
export class MetricsController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get('/metrics')
  async metrics(@Res() reply: FastifyReply): Promise<void> {
    const { registry } = this.runtime.metrics;
    await reply.header('Content-Type', registry.contentType).send(await registry.metrics());
  }
}
