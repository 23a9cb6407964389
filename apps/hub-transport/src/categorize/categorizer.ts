/**
 * The categorizer (Exchange's name): turns a message's envelope recipients into deliveries.
 * Each address is resolved in the directory; a mailbox is delivered to under its primary SMTP
 * address (address rewriting) in the mailbox named by its UPN, a group is expanded (nested
 * groups opened by the directory, without loops), a contact is relayed to its external
 * address. An address nobody owns is refused in an Authoritative domain and relayed otherwise.
 * A message that has crossed too many hops is looping and goes nowhere.
 */
import type { AcceptedDomain, ExpandedMember, ResolvedRecipient } from '@mail/contracts';
import type { TransportErrorName } from '../errors';
import { TRANSPORT_LIMITS } from '../limits';

export type Route =
  | { route: 'mailbox'; recipient: string; original: string; mailbox: string }
  | { route: 'smtp'; recipient: string; original: string };

export interface Refusal {
  recipient: string;
  original: string;
  error: TransportErrorName;
}

export interface CategorizerLookups {
  resolve(addresses: string[]): Promise<ResolvedRecipient[]>;
  expand(group: string): Promise<{ members: ExpandedMember[]; truncated: boolean }>;
  acceptedDomains(): Promise<AcceptedDomain[]>;
}

export interface Categorized {
  deliveries: Route[];
  refusals: Refusal[];
  /** Groups whose expansion stopped at the member limit (logged, delivered to those listed). */
  truncatedGroups: string[];
}

export const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

export async function categorize(
  message: { recipients: string[]; hops: number },
  lookups: CategorizerLookups,
): Promise<Categorized> {
  const recipients = [...new Set(message.recipients.map((r) => r.toLowerCase()))];
  if (message.hops > TRANSPORT_LIMITS.maxHops)
    return {
      deliveries: [],
      refusals: recipients.map((r) => ({ recipient: r, original: r, error: 'loop-detected' })),
      truncatedGroups: [],
    };
  const [resolved, domains] = await Promise.all([
    lookups.resolve(recipients),
    lookups.acceptedDomains(),
  ]);
  const domainType = new Map(domains.map((d) => [d.name, d.domainType]));
  const deliveries = new Map<string, Route>();
  const add = (route: Route) => {
    const key = `${route.route}:${route.route === 'mailbox' ? route.mailbox : route.recipient}`;
    if (!deliveries.has(key)) deliveries.set(key, route);
  };
  const refusals: Refusal[] = [];
  const truncatedGroups: string[] = [];
  for (const owner of resolved) {
    const original = owner.address;
    switch (owner.kind) {
      case 'mailbox':
        add({
          route: 'mailbox',
          recipient: owner.primarySmtpAddress,
          original,
          mailbox: owner.userPrincipalName,
        });
        break;
      case 'contact':
        add({ route: 'smtp', recipient: owner.externalEmailAddress, original });
        break;
      case 'group': {
        const { members, truncated } = await lookups.expand(owner.primarySmtpAddress);
        if (truncated) truncatedGroups.push(owner.primarySmtpAddress);
        for (const member of members)
          add(
            member.kind === 'mailbox'
              ? {
                  route: 'mailbox',
                  recipient: member.primarySmtpAddress,
                  original,
                  mailbox: member.userPrincipalName,
                }
              : { route: 'smtp', recipient: member.externalEmailAddress, original },
          );
        break;
      }
      default:
        if (domainType.get(domainOf(original)) === 'Authoritative')
          refusals.push({ recipient: original, original, error: 'unknown-recipient' });
        else add({ route: 'smtp', recipient: original, original });
    }
  }
  return { deliveries: [...deliveries.values()], refusals, truncatedGroups };
}
