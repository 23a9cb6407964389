import { Controller, Inject, type Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { hostname } from 'node:os';
import {
  HealthCheck,
  type HealthCheckReply,
  type HealthCheckRequest,
  type RoleName,
} from '@mail/contracts';
import { RUNTIME } from '../process/runtime.tokens';
import type { Runtime } from '../process/runtime';

const INSTANCE = `${hostname()}:${process.pid}`;

/** Answers `<role>.health.check` for one role hosted by this process. */
export function healthControllerFor(role: RoleName): Type<unknown> {
  @Controller()
  class RoleHealthController {
    constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

    @MessagePattern(HealthCheck[role].subject)
    async check(request: HealthCheckRequest): Promise<HealthCheckReply> {
      const checks: HealthCheckReply['checks'] = {};
      const dataSource = this.runtime.dataSources.get(role);
      if (dataSource) {
        checks.database = await dataSource.query('SELECT 1').then(
          () => 'ok' as const,
          () => 'failing' as const,
        );
      }
      return {
        role,
        status: Object.values(checks).every((c) => c === 'ok') ? 'ok' : 'degraded',
        instance: INSTANCE,
        uptimeSeconds: Math.round(process.uptime()),
        checks,
        probe: typeof request?.probe === 'string' ? request.probe.slice(0, 200) : undefined,
      };
    }
  }
  Object.defineProperty(RoleHealthController, 'name', { value: `HealthController(${role})` });
  return RoleHealthController;
}
