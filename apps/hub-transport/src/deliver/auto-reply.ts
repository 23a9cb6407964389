/**
 * Out-of-office answers (EAS Settings Oof): after a message is delivered to a local user, the
 * mailbox role says whether the user answers this sender now and with which reply (it records
 * the sender, so each absence answers each sender once). The answer is queued like a
 * notification, with the delivery's outcome, from the null reverse-path so that nothing ever
 * answers it or bounces it back (RFC 3834 section 3.3), and marked Auto-Submitted: auto-replied.
 */
import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import MimeNode from 'nodemailer/lib/mime-node';
import { OofReply, type OofMessage } from '@mail/contracts';
import type { BusClient, Logger } from '@mail/runtime';
import { messageIdFor } from '../categorize/trace-fields';
import type { DirectoryLookups } from '../directory/directory-lookups';
import { parseHeaderSection } from '../message/header-section';
import { rfc5322Date } from '../message/rfc5322-date';
import type { NewMessage, OutgoingMessage } from '../queue/queued-message';
import { mayAutoReply } from './auto-reply-rules';

interface Replier {
  displayName: string;
  address: string;
}

async function build(
  original: OutgoingMessage,
  replier: Replier,
  message: OofMessage,
  id: string,
  fqdn: string,
): Promise<Buffer> {
  const section = parseHeaderSection(original.mime);
  const parsed = await simpleParser(
    Buffer.concat([original.mime.subarray(0, section.bodyOffset), Buffer.from('\r\n')]),
  ).catch(() => undefined);
  const root = new MimeNode(
    message.bodyType === 'HTML' ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
    { hostname: fqdn, newline: 'win' },
  );
  const subject = parsed?.subject?.replace(/[\r\n]+/g, ' ');
  root.setHeader({
    From: { name: replier.displayName, address: replier.address },
    To: original.sender,
    Subject: subject ? `Automatic reply: ${subject}` : 'Automatic reply',
    Date: rfc5322Date(new Date()),
    'Message-ID': messageIdFor(id, fqdn),
    ...(parsed?.messageId ? { 'In-Reply-To': parsed.messageId, References: parsed.messageId } : {}),
    'Auto-Submitted': 'auto-replied',
    // Exchange's own marker: other servers' out-of-office answers must not answer this one.
    'X-Auto-Response-Suppress': 'All',
  });
  root.setContent(message.replyMessage);
  return root.build();
}

export class AutoReplies {
  constructor(
    private readonly bus: BusClient,
    private readonly lookups: DirectoryLookups,
    private readonly fqdn: () => string,
    private readonly logger: Logger,
  ) {}

  /** The answer a delivery to `mailbox` earns, or null; never throws (the delivery stands). */
  async after(original: OutgoingMessage, mailbox: string): Promise<NewMessage | null> {
    try {
      if (original.sender === '') return null;
      const [user, sender] = await this.lookups.resolve([mailbox, original.sender]);
      if (user.kind !== 'mailbox') return null;
      const section = parseHeaderSection(original.mime);
      if (!mayAutoReply(section, original.sender, user.proxyAddresses)) return null;
      const decision = await this.bus.request(OofReply, {
        mailbox: user.userPrincipalName,
        sender: original.sender,
        // A colleague (or a group of ours) gets the internal reply; mail contacts are outside.
        internal: sender.kind === 'mailbox' || sender.kind === 'group',
      });
      if (!decision.reply) return null;
      const id = randomUUID();
      const replier = { displayName: user.displayName, address: user.primarySmtpAddress };
      const mime = await build(original, replier, decision.message, id, this.fqdn());
      this.logger.info(
        { queueId: original.id, mailbox: user.userPrincipalName, audience: decision.audience },
        'out-of-office answer queued',
      );
      return {
        id,
        receivedAt: new Date(),
        sender: '',
        recipients: [original.sender],
        source: 'auto-reply',
        connector: null,
        clientAddress: null,
        clientName: null,
        protocol: 'local',
        authUser: null,
        hops: 0,
        hasMessageId: true,
        hasDate: true,
        mime,
      };
    } catch (error) {
      this.logger.warn({ err: error, queueId: original.id, mailbox }, 'no out-of-office answer');
      return null;
    }
  }
}
