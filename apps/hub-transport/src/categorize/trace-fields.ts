/**
 * The fields transport adds in front of a message before it leaves the queue (RFC 5321 4.4):
 * a Received field for this hop, and a Message-ID when the message has none. A submission
 * (port 587, or CAS over the bus) also gets a Date if its client left it out (RFC 6409 8.3).
 * Computed from what was recorded at receipt, so every attempt sends the same fields.
 */
import { rfc5322Date } from '../message/rfc5322-date';
import type { MessageSource } from '../queue/queued-message';

export interface TraceInput {
  queueId: string;
  receivedAt: Date;
  /** This server's name (the receive connector's FQDN). */
  fqdn: string;
  source: MessageSource;
  /** What the client said in HELO/EHLO, and its address. */
  clientName: string | null;
  clientAddress: string | null;
  /** ESMTP, ESMTPS, ESMTPSA (RFC 3848), or HTTPS for a submission through CAS. */
  protocol: string;
  /** Envelope recipients: named in the Received field only when there is exactly one. */
  recipients: string[];
  hasMessageId: boolean;
  hasDate: boolean;
}

/** `<queue id@fqdn>`: unique, and the same on every attempt. */
export function messageIdFor(queueId: string, fqdn: string): string {
  return `<${queueId}@${fqdn}>`;
}

/** The literal form of a client address (RFC 5321 4.1.3). */
function addressLiteral(address: string): string {
  const bare = address.replace(/^::ffff:(?=\d+\.)/, '');
  return bare.includes(':') ? `[IPv6:${bare}]` : `[${bare}]`;
}

/** Keeps what a client sent from breaking the field: no line breaks, parentheses or controls. */
const atom = (text: string) => text.replace(/[^\x21-\x7e]|[()]/g, '?').slice(0, 255);

export function traceFields(input: TraceInput): string {
  const literal = input.clientAddress ? addressLiteral(input.clientAddress) : null;
  const from =
    input.source === 'dsn' || input.source === 'auto-reply'
      ? null
      : `${atom(input.clientName ?? 'unknown')}${literal ? ` (${literal})` : ''}`;
  const via = input.source === 'submit' ? ' via EAS' : '';
  const forClause = input.recipients.length === 1 ? `\r\n\tfor <${atom(input.recipients[0])}>` : '';
  const lines = [
    `Received: ${from ? `from ${from}\r\n\t` : ''}by ${input.fqdn}${via} with ${input.protocol} id ${input.queueId}${forClause};\r\n\t${rfc5322Date(input.receivedAt)}`,
  ];
  if (!input.hasMessageId) lines.push(`Message-ID: ${messageIdFor(input.queueId, input.fqdn)}`);
  const submitted = input.source === 'submission' || input.source === 'submit';
  if (submitted && !input.hasDate) lines.push(`Date: ${rfc5322Date(input.receivedAt)}`);
  return lines.map((line) => `${line}\r\n`).join('');
}
