/**
 * Who may be a recipient, decided at RCPT TO (DESIGN.md, flow 1). An address in an
 * Authoritative accepted domain must belong to a recipient (550 5.1.1 otherwise); InternalRelay
 * and ExternalRelay domains are accepted for relaying; any other domain only from an
 * authenticated client (550 5.7.1 otherwise): the server is never an open relay.
 */
import type { AcceptedDomain, ResolvedRecipient } from '@mail/contracts';
import type { TransportErrorName } from '../errors';
import { TRANSPORT_LIMITS } from '../limits';

/** RFC 5321 4.5.3.1: local part, domain and path lengths, and one @ between non-empty parts. */
export function addressWithinLimits(address: string): boolean {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return false;
  const bytes = (text: string) => Buffer.byteLength(text);
  return (
    bytes(address.slice(0, at)) <= TRANSPORT_LIMITS.maxLocalPartBytes &&
    bytes(address.slice(at + 1)) <= TRANSPORT_LIMITS.maxDomainBytes &&
    bytes(address) + 2 <= TRANSPORT_LIMITS.maxPathBytes
  );
}

export interface RecipientCheck {
  authenticated: boolean;
  domains: AcceptedDomain[];
  resolve(address: string): Promise<ResolvedRecipient>;
}

export async function decideRecipient(
  address: string,
  check: RecipientCheck,
): Promise<'accept' | TransportErrorName> {
  if (!addressWithinLimits(address)) return 'bad-recipient-syntax';
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  const accepted = check.domains.find((d) => d.name === domain);
  if (!accepted) return check.authenticated ? 'accept' : 'relay-denied';
  if (accepted.domainType !== 'Authoritative') return 'accept';
  const owner = await check.resolve(address);
  return owner.kind === null ? 'unknown-recipient' : 'accept';
}
