/**
 * `/healthz`: ready when every role of the deployment answers its health check on the bus in
 * time, wherever it runs. Load balancers and compose health checks read the status code; the
 * body says which role is missing.
 */
import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HealthCheck, ROLE_NAMES, type RoleName } from '@mail/contracts';
import { RUNTIME, type Runtime } from '@mail/runtime';

const CHECK_TIMEOUT_MS = 2000;

@Controller()
export class HealthzController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get('/healthz')
  async healthz(@Res() reply: FastifyReply): Promise<void> {
    const results = await Promise.all(
      ROLE_NAMES.map(async (role): Promise<[RoleName, string]> => {
        try {
          const answer = await this.runtime.bus.request(
            HealthCheck[role],
            {},
            { timeoutMs: CHECK_TIMEOUT_MS },
          );
          return [role, answer.status];
        } catch {
          return [role, 'unreachable'];
        }
      }),
    );
    const roles = Object.fromEntries(results);
    const healthy = results.every(([, status]) => status === 'ok');
    await reply
      .status(healthy ? 200 : 503)
      .header('Cache-Control', 'no-store')
      .send({ status: healthy ? 'ok' : 'failing', roles });
  }
}
