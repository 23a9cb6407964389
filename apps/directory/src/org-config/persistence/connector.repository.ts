/**
 * Receive and send connectors. A send connector's smart-host password is written here and never
 * read back by these queries: nothing that lists or shows a connector can leak it.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ReceiveConnector } from '@mail/contracts';
import { DirectoryConflictError, isUniqueViolation } from '../../persistence/directory.repository';

/** An organization has a handful of connectors; every list is bounded all the same. */
const MAX_CONNECTORS = 1000;

export type ReceiveConnectorChanges = Partial<Omit<ReceiveConnector, 'name' | 'bindings'>>;

export interface SendConnectorRow {
  name: string;
  enabled: boolean;
  addressSpaces: string[];
  dnsRoutingEnabled: boolean;
  smartHosts: string[];
  authUserName: string | null;
  passwordSet: boolean;
  requireTLS: boolean;
  maxMessageSize: number;
}

/** What a send connector is made of; `credential: null` removes smart-host authentication. */
export interface SendConnectorState {
  enabled: boolean;
  addressSpaces: string[];
  dnsRoutingEnabled: boolean;
  smartHosts: string[];
  credential?: { userName: string; password: string } | null;
  requireTLS: boolean;
  maxMessageSize: number;
}

const RECEIVE_COLUMNS: Array<[keyof ReceiveConnector, string]> = [
  ['name', 'name'],
  ['bindings', 'bindings'],
  ['enabled', 'enabled'],
  ['permissionGroups', 'permission_groups'],
  ['authMechanism', 'auth_mechanism'],
  ['fqdn', 'fqdn'],
  ['maxMessageSize', 'max_message_size'],
  ['maxRecipientsPerMessage', 'max_recipients_per_message'],
  ['maxInboundConnection', 'max_inbound_connection'],
  ['maxInboundConnectionPerSource', 'max_inbound_connection_per_source'],
];
const RECEIVE_SELECT = RECEIVE_COLUMNS.map(([field, column]) => `${column} AS "${field}"`).join(
  ', ',
);

const SEND_SELECT = `name, enabled, address_spaces AS "addressSpaces",
  dns_routing_enabled AS "dnsRoutingEnabled", smart_hosts AS "smartHosts",
  auth_user_name AS "authUserName", auth_password IS NOT NULL AS "passwordSet",
  require_tls AS "requireTLS", max_message_size AS "maxMessageSize"`;

export class ConnectorRepository {
  constructor(private readonly dataSource: DataSource) {}

  listReceiveConnectors(): Promise<ReceiveConnector[]> {
    return this.dataSource.query(
      `SELECT ${RECEIVE_SELECT} FROM directory.receive_connector ORDER BY name LIMIT ${MAX_CONNECTORS}`,
    );
  }

  async findReceiveConnector(name: string): Promise<ReceiveConnector | null> {
    const [row] = await this.dataSource.query(
      `SELECT ${RECEIVE_SELECT} FROM directory.receive_connector WHERE lower(name) = lower($1)`,
      [name],
    );
    return row ?? null;
  }

  async updateReceiveConnector(name: string, changes: ReceiveConnectorChanges): Promise<void> {
    const params: unknown[] = [name];
    const values = changes as Partial<ReceiveConnector>;
    const sets = RECEIVE_COLUMNS.filter(([field]) => values[field] !== undefined).map(
      ([field, column]) => {
        params.push(values[field]);
        return `${column} = $${params.length}`;
      },
    );
    if (sets.length === 0) return;
    await this.dataSource.query(
      `UPDATE directory.receive_connector SET ${sets.join(', ')} WHERE name = $1`,
      params,
    );
  }

  listSendConnectors(filter: { enabledOnly?: boolean } = {}): Promise<SendConnectorRow[]> {
    const where = filter.enabledOnly ? 'WHERE enabled' : '';
    return this.dataSource.query(
      `SELECT ${SEND_SELECT} FROM directory.send_connector ${where} ORDER BY lower(name) LIMIT ${MAX_CONNECTORS}`,
    );
  }

  async findSendConnector(name: string): Promise<SendConnectorRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT ${SEND_SELECT} FROM directory.send_connector WHERE lower(name) = lower($1)`,
      [name],
    );
    return row ?? null;
  }

  /** The smart-host sign-in, for hub transport's use only: never part of a listing. */
  async findSendConnectorCredential(
    name: string,
  ): Promise<{ userName: string; password: string } | null> {
    const [row] = await this.dataSource.query(
      `SELECT auth_user_name AS "userName", auth_password AS password FROM directory.send_connector
        WHERE lower(name) = lower($1) AND auth_password IS NOT NULL`,
      [name],
    );
    return row ?? null;
  }

  async addSendConnector(name: string, state: SendConnectorState): Promise<void> {
    await this.dataSource
      .query(
        `INSERT INTO directory.send_connector
           (id, name, enabled, address_spaces, dns_routing_enabled, smart_hosts, auth_user_name,
            auth_password, require_tls, max_message_size)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          randomUUID(),
          name,
          state.enabled,
          state.addressSpaces,
          state.dnsRoutingEnabled,
          state.smartHosts,
          state.credential?.userName ?? null,
          state.credential?.password ?? null,
          state.requireTLS,
          state.maxMessageSize,
        ],
      )
      .catch((error) => {
        throw isUniqueViolation(error)
          ? new DirectoryConflictError(`a send connector named ${name} already exists`)
          : error;
      });
  }

  /** Writes the whole state; the credential is left alone when `credential` is undefined. */
  async updateSendConnector(name: string, state: SendConnectorState): Promise<void> {
    const params: unknown[] = [
      name,
      state.enabled,
      state.addressSpaces,
      state.dnsRoutingEnabled,
      state.smartHosts,
      state.requireTLS,
      state.maxMessageSize,
    ];
    let credential = '';
    if (state.credential !== undefined) {
      params.push(state.credential?.userName ?? null, state.credential?.password ?? null);
      credential = ', auth_user_name = $8, auth_password = $9';
    }
    await this.dataSource.query(
      `UPDATE directory.send_connector SET enabled = $2, address_spaces = $3,
         dns_routing_enabled = $4, smart_hosts = $5, require_tls = $6, max_message_size = $7${credential}
       WHERE lower(name) = lower($1)`,
      params,
    );
  }

  async removeSendConnector(name: string): Promise<void> {
    await this.dataSource.query(
      'DELETE FROM directory.send_connector WHERE lower(name) = lower($1)',
      [name],
    );
  }
}
