import { Module, type DynamicModule } from '@nestjs/common';
import { healthControllerFor } from '../health/health.controller';
import type { RoleDefinition } from './role';
import type { Runtime } from './runtime';
import { RUNTIME } from './runtime.tokens';

/** The root module of a process: the hosted roles, their health handlers, and the Runtime. */
@Module({})
export class ProcessModule {
  static host(roles: RoleDefinition[], runtime: Runtime): DynamicModule {
    return {
      module: ProcessModule,
      global: true,
      imports: roles.map((role) => role.module),
      controllers: roles.map((role) => healthControllerFor(role.name)),
      providers: [{ provide: RUNTIME, useValue: runtime }],
      exports: [RUNTIME],
    };
  }
}
