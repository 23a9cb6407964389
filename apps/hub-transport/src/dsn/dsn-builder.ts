/**
 * Delivery status notifications (RFC 3464) as multipart/report (RFC 6522): a readable
 * explanation, the machine-readable message/delivery-status, and the returned message's
 * header section (text/rfc822-headers, RFC 6522 4). Sent from the null reverse-path, so a
 * notification that cannot be delivered never causes another (RFC 5321 4.5.5).
 */
import MimeNode from 'nodemailer/lib/mime-node';
import { rfc5322Date } from '../message/rfc5322-date';
import { TRANSPORT_LIMITS } from '../limits';

export interface DsnRecipient {
  /** The address delivery was tried to. */
  finalRecipient: string;
  /** The envelope recipient it came from, when different (a group, a proxy address). */
  originalRecipient: string;
  /** Enhanced status code (RFC 3463), such as 5.1.1. */
  status: string;
  /** The reply that decided it: `550 5.1.1 ...`. */
  diagnostic: string;
  remoteMta?: string;
  lastAttemptAt: Date;
}

export interface DsnRequest {
  action: 'failed' | 'delayed';
  /** This server's name. */
  reportingMta: string;
  /** The notification's From (the postmaster of the default domain). */
  from: string;
  /** The returned message's sender. */
  to: string;
  queueId: string;
  arrivalDate: Date;
  recipients: DsnRecipient[];
  /** For a delay: when the message will be given up. */
  willRetryUntil?: Date;
  /** The returned message's header section. */
  originalHeaders: Buffer;
  originalSubject?: string;
  now: Date;
  messageId: string;
}

/** Addresses and text from outside go into fields: keep them on one line. */
const oneLine = (text: string) => text.replace(/[\r\n]+\s*/g, ' ').slice(0, 998);

function explanation(request: DsnRequest, listed: DsnRecipient[]): string {
  const lines =
    request.action === 'failed'
      ? [
          `This is the mail system at ${request.reportingMta}.`,
          '',
          'Your message could not be delivered to the recipients below. The problem is',
          'permanent: the message will not be tried again.',
        ]
      : [
          `This is the mail system at ${request.reportingMta}.`,
          '',
          'Your message has not been delivered yet to the recipients below. Delivery will',
          `be tried until ${rfc5322Date(request.willRetryUntil ?? request.now)}; there is no need to send it again.`,
        ];
  lines.push('');
  for (const r of listed) lines.push(`<${oneLine(r.finalRecipient)}>: ${oneLine(r.diagnostic)}`);
  const more = request.recipients.length - listed.length;
  if (more > 0) lines.push(`... and ${more} more`);
  lines.push('', `Queue id: ${request.queueId}`, '');
  return lines.join('\r\n');
}

function deliveryStatus(request: DsnRequest, listed: DsnRecipient[]): string {
  const message = [
    `Reporting-MTA: dns; ${request.reportingMta}`,
    `X-Queue-ID: ${request.queueId}`,
    `Arrival-Date: ${rfc5322Date(request.arrivalDate)}`,
  ];
  const blocks = listed.map((r) => {
    const fields = [`Final-Recipient: rfc822; ${oneLine(r.finalRecipient)}`];
    if (r.originalRecipient !== r.finalRecipient)
      fields.push(`Original-Recipient: rfc822; ${oneLine(r.originalRecipient)}`);
    fields.push(`Action: ${request.action}`, `Status: ${r.status}`);
    if (r.remoteMta) fields.push(`Remote-MTA: dns; ${oneLine(r.remoteMta)}`);
    fields.push(
      `Diagnostic-Code: smtp; ${oneLine(r.diagnostic)}`,
      `Last-Attempt-Date: ${rfc5322Date(r.lastAttemptAt)}`,
    );
    if (request.action === 'delayed' && request.willRetryUntil)
      fields.push(`Will-Retry-Until: ${rfc5322Date(request.willRetryUntil)}`);
    return fields.join('\r\n');
  });
  return [message.join('\r\n'), ...blocks].join('\r\n\r\n') + '\r\n';
}

export async function buildDsn(request: DsnRequest): Promise<Buffer> {
  const listed = request.recipients.slice(0, TRANSPORT_LIMITS.dsnRecipients);
  const root = new MimeNode('multipart/report; report-type=delivery-status', {
    hostname: request.reportingMta,
    newline: 'win',
  });
  const prefix = request.action === 'failed' ? 'Undeliverable' : 'Delivery delayed';
  const subject = request.originalSubject ? oneLine(request.originalSubject) : '';
  root.setHeader({
    From: `Mail Delivery System <${request.from}>`,
    To: `<${request.to}>`,
    Subject: subject ? `${prefix}: ${subject}` : prefix,
    Date: rfc5322Date(request.now),
    'Message-ID': request.messageId,
    // RFC 3834: an automatic answer; responders must not answer it.
    'Auto-Submitted': 'auto-replied',
  });
  root.createChild('text/plain; charset=utf-8').setContent(explanation(request, listed));
  root.createChild('message/delivery-status').setContent(deliveryStatus(request, listed));
  root.createChild('text/rfc822-headers').setContent(request.originalHeaders);
  return root.build();
}
