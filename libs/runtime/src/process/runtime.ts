import type { DataSource } from 'typeorm';
import type { RoleName } from '@mail/contracts';
import type { Config } from '../config/config';
import type { Logger } from '../logging/logger';
import type { BusClient } from '../bus/bus-client';
import type { Metrics } from '../metrics/metrics';
import type { ServerCertificate } from '../tls/certificate';

/** What a process gives the roles it hosts; injected as RUNTIME. */
export interface Runtime {
  config: Config;
  logger: Logger;
  bus: BusClient;
  metrics: Metrics;
  /** The data source of each hosted role that keeps state, already migrated. */
  dataSources: ReadonlyMap<RoleName, DataSource>;
  certificate?: ServerCertificate;
}
