/**
 * Receive connector settings as the directory holds them (Get-ReceiveConnector), refreshed in
 * the background, and what they mean for an SMTP listener. Until the directory first answers,
 * the built-in defaults apply: Exchange's Default Frontend (anonymous MX traffic, STARTTLS)
 * and Client Frontend (authenticated submission, AUTH only after STARTTLS).
 */
import type { ReceiveConnector } from '@mail/contracts';

export type Binding = ReceiveConnector['bindings'];

const COMMON = {
  enabled: true,
  fqdn: null,
  maxMessageSize: 36 * 1024 * 1024,
  maxRecipientsPerMessage: 200,
  maxInboundConnection: 5000,
  maxInboundConnectionPerSource: 20,
};

export const DEFAULT_RECEIVE_CONNECTORS: Record<Binding, ReceiveConnector> = {
  SMTP_PORT: {
    ...COMMON,
    name: 'Default',
    bindings: 'SMTP_PORT',
    permissionGroups: ['AnonymousUsers', 'ExchangeServers', 'Partners'],
    authMechanism: ['Tls'],
  },
  SUBMISSION_PORT: {
    ...COMMON,
    name: 'Client',
    bindings: 'SUBMISSION_PORT',
    permissionGroups: ['ExchangeUsers'],
    authMechanism: ['Tls', 'BasicAuth', 'BasicAuthRequireTLS'],
  },
};

/** What a connector's settings mean for the SMTP session. */
export interface ConnectorPolicy {
  anonymousAllowed: boolean;
  startTls: boolean;
  auth: boolean;
  /** AUTH is hidden and refused until STARTTLS (BasicAuthRequireTLS). */
  authNeedsTls: boolean;
  /** The envelope's source in the queue: a client submission or MX traffic. */
  source: 'submission' | 'smtp';
}

export function policyOf(connector: ReceiveConnector): ConnectorPolicy {
  const mechanisms = connector.authMechanism;
  const auth = mechanisms.includes('BasicAuth');
  return {
    anonymousAllowed: connector.permissionGroups.includes('AnonymousUsers'),
    startTls: mechanisms.includes('Tls'),
    auth,
    authNeedsTls: auth && mechanisms.includes('BasicAuthRequireTLS'),
    source: connector.bindings === 'SUBMISSION_PORT' ? 'submission' : 'smtp',
  };
}

/** The latest settings of both connectors. */
export class ConnectorSettings {
  private readonly current = new Map<Binding, ReceiveConnector>();
  private listeners: Array<(connector: ReceiveConnector) => void> = [];

  get(binding: Binding): ReceiveConnector {
    return this.current.get(binding) ?? DEFAULT_RECEIVE_CONNECTORS[binding];
  }

  /** Called with each connector whose settings changed. */
  onChange(listener: (connector: ReceiveConnector) => void): void {
    this.listeners.push(listener);
  }

  update(connectors: ReceiveConnector[]): void {
    for (const connector of connectors) {
      const before = this.current.get(connector.bindings);
      this.current.set(connector.bindings, connector);
      if (JSON.stringify(before) !== JSON.stringify(connector))
        for (const listener of this.listeners) listener(connector);
    }
  }
}
