/**
 * Starts a process hosting the roles ROLES names (all of them by default: the embedded
 * all-in-one server). Order: configuration, storage and migrations, bus, HTTPS (when CAS is
 * hosted); shutdown reverses it: stop accepting, finish what is in flight, close the database.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RoleName } from '@mail/contracts';
import { loadConfig, type Config } from '../config/config';
import { createLogger, NestPinoLogger, type Logger } from '../logging/logger';
import { createBusTransport, type BusTransport } from '../bus/bus-transport';
import type { InProcessHub } from '../bus/in-process.transport';
import { Metrics } from '../metrics/metrics';
import { loadServerCertificate } from '../tls/certificate';
import { createHttpAdapter } from './http-adapter';
import { fastLaneOf } from './fast-lane';
import { ProcessModule } from './process.module';
import { loadRole } from './role-loader';
import type { RoleDefinition } from './role';
import type { Runtime } from './runtime';
import { openStorage, type OpenStorage } from './storage';

export interface RunningProcess {
  config: Config;
  runtime: Runtime;
  app: NestFastifyApplication;
  /** Graceful stop; resolves when everything is closed. Safe to call more than once. */
  stop(reason: string): Promise<void>;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Roles when ROLES is unset: an app's own entry defaults to its own role. */
  defaultRoles?: RoleName[];
  /** Tests of the embedded mode: keep PGlite in memory and share a hub between processes. */
  embeddedInMemory?: boolean;
  hub?: InProcessHub;
  roles?: RoleDefinition[];
}

export async function runProcess(options: RunOptions = {}): Promise<RunningProcess> {
  const config = loadConfig(options.env ?? process.env, { roles: options.defaultRoles });
  const logger = createLogger({ level: config.logLevel, name: config.roles.join('+') });
  const roles = options.roles ?? config.roles.map(loadRole);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });

  let storage: OpenStorage | undefined;
  let bus: BusTransport | undefined;
  let app: NestFastifyApplication | undefined;
  let plainHttp: HttpServer | undefined;
  let runtime: Runtime;
  try {
    storage = await openStorage(
      roles,
      { ...config, embeddedInMemory: options.embeddedInMemory },
      logger,
    );
    bus = createBusTransport({
      natsServers: config.natsServers,
      prefix: config.busPrefix,
      timeoutMs: config.busTimeoutMs,
      drainTimeoutMs: config.shutdownTimeoutMs,
      name: `${config.roles.join(',')}@${hostname()}:${process.pid}`,
      hub: options.hub,
    });
    const hostsCas = config.roles.includes('cas');
    // CAS serves HTTPS with it; hub transport offers STARTTLS with it.
    const certificate =
      hostsCas || config.roles.includes('hub-transport')
        ? await loadServerCertificate({
            dataDir: config.dataDir,
            orgDomain: config.orgDomain,
            configured: config.tls,
          })
        : undefined;
    const metrics = new Metrics({ roles: config.roles.join(',') });
    runtime = {
      config,
      logger,
      bus: bus.client,
      metrics,
      dataSources: storage.dataSources,
      certificate,
    };

    app = await NestFactory.create<NestFastifyApplication>(
      ProcessModule.host(roles, runtime),
      createHttpAdapter({
        logger,
        metrics,
        certificate,
        clientCa: config.tlsClientCaFile && readFileSync(config.tlsClientCaFile, 'utf8'),
        trustedProxies: config.trustedProxies,
      }),
      { logger: new NestPinoLogger(logger.child({ component: 'nest' })), abortOnError: false },
    );
    app.connectMicroservice({ strategy: bus.server }, { inheritAppConfig: true });
    await app.startAllMicroservices();
    if (hostsCas) {
      await app.listen(config.httpsPort, config.bindAddress);
      logger.info(
        {
          port: config.httpsPort,
          certificate: certificate?.source,
          certFile: certificate?.certFile,
        },
        'HTTPS listening',
      );
      if (config.httpPort) plainHttp = await listenPlainHttp(app, config);
    } else {
      await app.init();
    }
    logger.info(
      {
        roles: config.roles,
        bus: bus.kind,
        database: config.databaseUrl ? 'postgres' : 'embedded',
      },
      'started',
    );
  } catch (error) {
    await app?.close().catch(() => undefined);
    await bus?.client.close().catch(() => undefined);
    await storage?.close().catch(() => undefined);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const started = { app, bus, storage };
  const stop = (reason: string) =>
    (stopping ??= (async () => {
      logger.info({ reason }, 'stopping');
      await new Promise<void>((resolve) =>
        plainHttp ? plainHttp.close(() => resolve()) : resolve(),
      );
      await started.app.close();
      await started.bus.client.close();
      await started.storage.close();
      logger.info('stopped');
    })());
  return { config, runtime, app, stop };
}

/** Plain HTTP for a TLS-terminating proxy in front: same routes (the fast lane's too), same hooks. */
async function listenPlainHttp(app: NestFastifyApplication, config: Config): Promise<HttpServer> {
  const fastify = app.getHttpAdapter().getInstance();
  const server = createServer(
    fastLaneOf(fastify).before((request, response) => fastify.routing(request, response)),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.httpPort, config.bindAddress, () => resolve());
  });
  return server;
}

export type { Logger };
