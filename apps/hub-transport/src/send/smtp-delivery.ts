/**
 * Remote delivery through send connectors: the directory names the connector whose address
 * space covers the recipient's domain most specifically; the connector routes to its smart
 * hosts (signing in when it has a credential) or to the domain's MX hosts. Recipients of one
 * message in one domain go in one SMTP transaction; hosts are tried in order until one
 * answers. No connector means the mail cannot leave: a permanent failure.
 */
import { replyFor, replyText, type TransportErrorName } from '../errors';
import { domainOf } from '../categorize/categorizer';
import type { DirectoryLookups } from '../directory/directory-lookups';
import type { AttemptResult, DeliveryExecutor } from '../queue/delivery-worker';
import type { ClaimedDelivery, OutgoingMessage } from '../queue/queued-message';
import { mxDestinations, parseSmartHost, type MxResolver } from './destinations';
import type { SmtpClientPools } from './smtp-client-pools';

export class SmtpDelivery implements DeliveryExecutor {
  readonly route = 'smtp' as const;

  constructor(
    private readonly lookups: DirectoryLookups,
    private readonly pools: SmtpClientPools,
    private readonly resolver: MxResolver,
    private readonly fqdn: () => string,
  ) {}

  group(deliveries: ClaimedDelivery[]): ClaimedDelivery[][] {
    const groups = new Map<string, ClaimedDelivery[]>();
    for (const delivery of deliveries) {
      const key = `${delivery.messageId} ${domainOf(delivery.recipient)}`;
      groups.set(key, [...(groups.get(key) ?? []), delivery]);
    }
    return [...groups.values()];
  }

  async attempt(message: OutgoingMessage, group: ClaimedDelivery[]): Promise<AttemptResult[]> {
    const domain = domainOf(group[0].recipient);
    const all = (
      outcome: AttemptResult['outcome'],
      name: TransportErrorName,
      connector: string,
      detail?: string,
    ) =>
      group.map((d) => ({
        recipient: d.recipient,
        outcome,
        response: `${replyFor(name).code} ${replyText(name, detail)}`,
        connector,
      }));
    let route;
    try {
      route = await this.lookups.route(domain);
    } catch (error) {
      return all('deferred', 'directory-unavailable', 'none', String(error));
    }
    if (!route) return all('failed', 'no-route', 'none', domain);
    const connector = route.connector;
    const raw = Buffer.concat([Buffer.from(message.trace, 'latin1'), message.mime]);
    if (raw.length > connector.maxMessageSize)
      return all(
        'failed',
        'message-too-large',
        connector.name,
        `the limit of send connector ${connector.name} is ${connector.maxMessageSize} bytes`,
      );
    const destinations = connector.dnsRoutingEnabled
      ? await mxDestinations(domain, this.resolver)
      : { hosts: connector.smartHosts.map(parseSmartHost) };
    if ('error' in destinations) {
      const temporary = replyFor(destinations.error).code < 500;
      return all(
        temporary ? 'deferred' : 'failed',
        destinations.error,
        connector.name,
        destinations.detail,
      );
    }
    let auth;
    if (connector.smartHostAuthMechanism === 'BasicAuth') {
      try {
        const credential = await this.lookups.credential(connector.name);
        auth = { user: credential.userName, pass: credential.password };
      } catch (error) {
        return all('deferred', 'directory-unavailable', connector.name, String(error));
      }
    }
    const options = {
      requireTLS: connector.requireTLS || auth !== undefined,
      auth,
      name: this.fqdn(),
    };
    const envelope = { from: message.sender, to: group.map((d) => d.recipient) };
    let lastError = 'no host to try';
    for (const destination of destinations.hosts) {
      const outcome = await this.pools.send(destination, options, envelope, raw);
      if (outcome.kind === 'unreachable') {
        lastError = `${destination.host}:${destination.port}: ${outcome.error}`;
        continue;
      }
      return outcome.replies.map((reply) => ({
        recipient: reply.recipient,
        outcome: reply.code < 300 ? 'delivered' : reply.code < 500 ? 'deferred' : 'failed',
        response: reply.response,
        remoteMta: destination.host,
        connector: connector.name,
      }));
    }
    return all('deferred', 'host-unreachable', connector.name, lastError);
  }
}
