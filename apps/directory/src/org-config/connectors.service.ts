/**
 * Receive and send connector rules, whoever asks: settings that cannot work together are refused
 * with a message saying which, and a send connector answer never carries its password.
 */
import { Injectable } from '@nestjs/common';
import type {
  ReceiveConnector,
  ReceiveConnectorSetRequest,
  SendConnector,
  SendConnectorAddRequest,
  SendConnectorSetRequest,
} from '@mail/contracts';
import { BusError } from '@mail/runtime';
import type { z } from 'zod';
import { DirectoryConflictError } from '../persistence/directory.repository';
import { routeByAddressSpace } from './address-space';
import {
  ConnectorRepository,
  type SendConnectorRow,
  type SendConnectorState,
} from './persistence/connector.repository';

/** Exchange's default MaxMessageSize for a new send connector (36 MB, as the receive side). */
export const DEFAULT_SEND_MAX_MESSAGE_SIZE = 36 * 1024 * 1024;

export function sendConnectorView(row: SendConnectorRow): SendConnector {
  return {
    name: row.name,
    enabled: row.enabled,
    addressSpaces: row.addressSpaces,
    dnsRoutingEnabled: row.dnsRoutingEnabled,
    smartHosts: row.smartHosts,
    smartHostAuthMechanism: row.authUserName ? 'BasicAuth' : 'None',
    ...(row.authUserName
      ? { authenticationCredential: { userName: row.authUserName, passwordSet: row.passwordSet } }
      : {}),
    requireTLS: row.requireTLS,
    maxMessageSize: row.maxMessageSize,
  };
}

@Injectable()
export class ConnectorsService {
  constructor(private readonly connectors: ConnectorRepository) {}

  async listReceiveConnectors(): Promise<{ receiveConnectors: ReceiveConnector[] }> {
    return { receiveConnectors: await this.connectors.listReceiveConnectors() };
  }

  async showReceiveConnector(name: string): Promise<ReceiveConnector> {
    const row = await this.connectors.findReceiveConnector(name);
    if (!row)
      throw new BusError('not-found', `no receive connector is named ${name} (Default, Client)`);
    return row;
  }

  async setReceiveConnector(
    request: z.output<typeof ReceiveConnectorSetRequest>,
  ): Promise<ReceiveConnector> {
    const current = await this.showReceiveConnector(request.name);
    const { name: _name, anonymousUsers, ...changes } = request;
    let groups = [...new Set(changes.permissionGroups ?? current.permissionGroups)];
    if (anonymousUsers === true && !groups.includes('AnonymousUsers'))
      groups = ['AnonymousUsers', ...groups];
    if (anonymousUsers === false) groups = groups.filter((group) => group !== 'AnonymousUsers');
    const mechanisms = [...new Set(changes.authMechanism ?? current.authMechanism)];
    if (groups.length === 0)
      throw new BusError(
        'bad-request',
        'permissionGroups: a connector must admit at least one permission group',
      );
    if (mechanisms.includes('BasicAuthRequireTLS') && !mechanisms.includes('Tls'))
      throw new BusError(
        'bad-request',
        'authMechanism: BasicAuthRequireTLS needs Tls (STARTTLS) too',
      );
    if (mechanisms.includes('BasicAuthRequireTLS') && !mechanisms.includes('BasicAuth'))
      throw new BusError('bad-request', 'authMechanism: BasicAuthRequireTLS needs BasicAuth too');
    // Users can only be admitted if they have a way to authenticate.
    if (groups.includes('ExchangeUsers') && !mechanisms.includes('BasicAuth'))
      throw new BusError('bad-request', 'authMechanism: ExchangeUsers need BasicAuth to sign in');
    await this.connectors.updateReceiveConnector(current.name, {
      ...changes,
      permissionGroups: groups,
      authMechanism: mechanisms,
    });
    return this.showReceiveConnector(current.name);
  }

  async listSendConnectors(): Promise<{ sendConnectors: SendConnector[] }> {
    return { sendConnectors: (await this.connectors.listSendConnectors()).map(sendConnectorView) };
  }

  async showSendConnector(name: string): Promise<SendConnector> {
    return sendConnectorView(await this.sendConnector(name));
  }

  async addSendConnector(
    request: z.output<typeof SendConnectorAddRequest>,
  ): Promise<SendConnector> {
    const smartHosts = request.smartHosts ?? [];
    const state = this.checked({
      enabled: request.enabled ?? true,
      addressSpaces: request.addressSpaces,
      // Exchange's default: DNS routing unless smart hosts are given.
      dnsRoutingEnabled: request.dnsRoutingEnabled ?? smartHosts.length === 0,
      smartHosts,
      credential: request.authenticationCredential ?? null,
      requireTLS: request.requireTLS ?? false,
      maxMessageSize: request.maxMessageSize ?? DEFAULT_SEND_MAX_MESSAGE_SIZE,
    });
    await this.conflictToBusError(() => this.connectors.addSendConnector(request.name, state));
    return this.showSendConnector(request.name);
  }

  async setSendConnector(
    request: z.output<typeof SendConnectorSetRequest>,
  ): Promise<SendConnector> {
    const current = await this.sendConnector(request.name);
    if (request.dnsRoutingEnabled === true && request.smartHosts?.length)
      throw new BusError('bad-request', 'smartHosts: give smart hosts or DNS routing, not both');
    // Switching to DNS routing drops the smart hosts; giving smart hosts switches DNS routing off.
    const toDns = request.dnsRoutingEnabled === true;
    const smartHosts = toDns ? [] : (request.smartHosts ?? current.smartHosts);
    const state = this.checked({
      enabled: request.enabled ?? current.enabled,
      addressSpaces: request.addressSpaces ?? current.addressSpaces,
      dnsRoutingEnabled: request.smartHosts?.length
        ? false
        : (request.dnsRoutingEnabled ?? current.dnsRoutingEnabled),
      smartHosts,
      credential: toDns ? null : request.authenticationCredential,
      requireTLS: request.requireTLS ?? current.requireTLS,
      maxMessageSize: request.maxMessageSize ?? current.maxMessageSize,
      hasStoredCredential: current.passwordSet,
    });
    await this.connectors.updateSendConnector(current.name, state);
    return this.showSendConnector(current.name);
  }

  async removeSendConnector(name: string): Promise<{ removed: string }> {
    const row = await this.sendConnector(name);
    await this.connectors.removeSendConnector(row.name);
    return { removed: row.name };
  }

  async route(domain: string): Promise<{ connector: SendConnector; addressSpace: string }> {
    const match = routeByAddressSpace(
      await this.connectors.listSendConnectors({ enabledOnly: true }),
      domain,
    );
    if (!match)
      throw new BusError(
        'not-found',
        `no enabled send connector has an address space covering ${domain}`,
      );
    return { connector: sendConnectorView(match.connector), addressSpace: match.addressSpace };
  }

  async credential(name: string): Promise<{ userName: string; password: string }> {
    const credential = await this.connectors.findSendConnectorCredential(name);
    if (!credential)
      throw new BusError('not-found', `send connector ${name} has no smart-host credential`);
    return credential;
  }

  private async sendConnector(name: string): Promise<SendConnectorRow> {
    const row = await this.connectors.findSendConnector(name);
    if (!row) throw new BusError('not-found', `no send connector is named ${name}`);
    return row;
  }

  /** Checks that the settings work together: one way to route, credentials only for smart hosts. */
  private checked(
    state: SendConnectorState & { hasStoredCredential?: boolean },
  ): SendConnectorState {
    const { hasStoredCredential, ...rest } = state;
    if (rest.dnsRoutingEnabled && rest.smartHosts.length > 0)
      throw new BusError('bad-request', 'smartHosts: give smart hosts or DNS routing, not both');
    if (!rest.dnsRoutingEnabled && rest.smartHosts.length === 0)
      throw new BusError(
        'bad-request',
        'smartHosts: without DNS routing at least one smart host is needed',
      );
    const credentialAfter =
      rest.credential === undefined ? hasStoredCredential : rest.credential !== null;
    if (credentialAfter && rest.dnsRoutingEnabled)
      throw new BusError(
        'bad-request',
        'authenticationCredential: smart-host authentication needs smart hosts, not DNS routing',
      );
    return rest;
  }

  private async conflictToBusError(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof DirectoryConflictError) throw new BusError('conflict', error.message);
      throw error;
    }
  }
}
