/**
 * What hub transport asks the directory, over the bus, with answers reused for a few seconds
 * (TRANSPORT_LIMITS.directoryCacheMs): accepted domains, connector settings, recipients and
 * group members, send connector routes. Only found recipients are reused, so a new mailbox
 * receives mail at once; a removed one stops within the cache time. Sign-ins are never cached.
 */
import {
  CredentialVerify,
  DomainList,
  GroupExpand,
  ReceiveConnectorList,
  RecipientResolve,
  RESOLVE_MAX_ADDRESSES,
  SendConnectorCredential,
  SendConnectorRoute,
  type AcceptedDomain,
  type CredentialVerifyReply,
  type ExpandedMember,
  type ReceiveConnector,
  type ResolvedRecipient,
  type SendConnector,
} from '@mail/contracts';
import { BusError, type BusClient } from '@mail/runtime';
import { TRANSPORT_LIMITS } from '../limits';
import { TtlCache } from './ttl-cache';

export type SendRoute = { connector: SendConnector; addressSpace: string } | null;

export class DirectoryLookups {
  private readonly lists = new TtlCache<unknown>(TRANSPORT_LIMITS.directoryCacheMs, 10);
  private readonly recipients = new TtlCache<ResolvedRecipient>(
    TRANSPORT_LIMITS.directoryCacheMs,
    TRANSPORT_LIMITS.directoryCacheEntries,
  );
  private readonly groups = new TtlCache<{ members: ExpandedMember[]; truncated: boolean }>(
    TRANSPORT_LIMITS.directoryCacheMs,
    1000,
  );
  private readonly routes = new TtlCache<SendRoute>(TRANSPORT_LIMITS.directoryCacheMs, 1000);

  constructor(private readonly bus: BusClient) {}

  async acceptedDomains(): Promise<AcceptedDomain[]> {
    return this.list('domains', async () => (await this.bus.request(DomainList, {})).domains);
  }

  /** Not cached: the receive connectors poll it themselves. */
  async receiveConnectors(): Promise<ReceiveConnector[]> {
    return (await this.bus.request(ReceiveConnectorList, {})).receiveConnectors;
  }

  /** Each address's owner, in the order asked; unknown addresses come back with kind null. */
  async resolve(addresses: string[]): Promise<ResolvedRecipient[]> {
    const keys = addresses.map((a) => a.toLowerCase());
    const missing = [...new Set(keys.filter((key) => this.recipients.get(key) === undefined))];
    const fresh = new Map<string, ResolvedRecipient>();
    for (let i = 0; i < missing.length; i += RESOLVE_MAX_ADDRESSES) {
      const chunk = missing.slice(i, i + RESOLVE_MAX_ADDRESSES);
      const { recipients } = await this.bus.request(RecipientResolve, { addresses: chunk });
      for (const recipient of recipients) {
        fresh.set(recipient.address, recipient);
        if (recipient.kind !== null) this.recipients.set(recipient.address, recipient);
      }
    }
    return keys.map((key, i) => ({
      ...(this.recipients.get(key) ?? fresh.get(key) ?? { kind: null }),
      address: addresses[i],
    })) as ResolvedRecipient[];
  }

  async expand(group: string): Promise<{ members: ExpandedMember[]; truncated: boolean }> {
    return this.groups.through(group, async () => {
      try {
        return await this.bus.request(GroupExpand, { address: group });
      } catch (error) {
        // Removed since it was resolved: nobody to deliver to.
        if (error instanceof BusError && error.code === 'not-found')
          return { members: [], truncated: false };
        throw error;
      }
    });
  }

  /** The enabled send connector covering a domain, or null when none does. */
  async route(domain: string): Promise<SendRoute> {
    return this.routes.through(domain, async () => {
      try {
        return await this.bus.request(SendConnectorRoute, { domain });
      } catch (error) {
        if (error instanceof BusError && error.code === 'not-found') return null;
        throw error;
      }
    });
  }

  credential(connector: string): Promise<{ userName: string; password: string }> {
    return this.bus.request(SendConnectorCredential, { name: connector });
  }

  verify(userName: string, password: string, source: string): Promise<CredentialVerifyReply> {
    return this.bus.request(CredentialVerify, { userName, password, source });
  }

  private async list<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.lists.through(key, load) as Promise<T>;
  }
}
