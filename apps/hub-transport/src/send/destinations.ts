/**
 * Where a send connector hands a domain's mail: its smart hosts in order, or the domain's MX
 * hosts by preference (RFC 5321 5.1), falling back to the domain itself when it has no MX
 * (the implicit MX), refusing a domain that publishes a null MX (RFC 7505).
 */
import type { TransportErrorName } from '../errors';

export interface Destination {
  host: string;
  port: number;
}

export interface MxRecord {
  exchange: string;
  priority: number;
}

/** `node:dns/promises` in production; a fake in tests. */
export interface MxResolver {
  resolveMx(domain: string): Promise<MxRecord[]>;
}

export type Destinations = { hosts: Destination[] } | { error: TransportErrorName; detail: string };

/** `relay.contoso.com` or `relay.contoso.com:587` (the SmartHost contract), port 25 by default. */
export function parseSmartHost(value: string): Destination {
  const match = /^(.+?)(?::(\d{1,5}))?$/.exec(value.trim())!;
  return { host: match[1], port: match[2] ? Number(match[2]) : 25 };
}

const PERMANENT_DNS = new Set(['ENOTFOUND', 'NXDOMAIN']);
const NO_RECORDS = new Set(['ENODATA', 'NODATA']);

export async function mxDestinations(domain: string, resolver: MxResolver): Promise<Destinations> {
  let records: MxRecord[];
  try {
    records = await resolver.resolveMx(domain);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (NO_RECORDS.has(code)) return { hosts: [{ host: domain, port: 25 }] };
    if (PERMANENT_DNS.has(code)) return { error: 'no-such-domain', detail: domain };
    return { error: 'dns-unavailable', detail: `${domain}: ${code || String(error)}` };
  }
  if (records.length === 0) return { hosts: [{ host: domain, port: 25 }] };
  if (records.some((r) => r.exchange === '' || r.exchange === '.'))
    return { error: 'null-mx', detail: domain };
  const ordered = [...records].sort(
    (a, b) => a.priority - b.priority || a.exchange.localeCompare(b.exchange),
  );
  const hosts = [...new Set(ordered.map((r) => r.exchange.toLowerCase().replace(/\.$/, '')))];
  return { hosts: hosts.map((host) => ({ host, port: 25 })) };
}
