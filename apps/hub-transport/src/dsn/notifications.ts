/**
 * Turns failed or delayed deliveries into a notification to the message's sender, queued as
 * a message of its own from the null reverse-path (so it never causes another). None is made
 * for a message that is itself a notification.
 */
import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { parseHeaderSection } from '../message/header-section';
import { messageIdFor } from '../categorize/trace-fields';
import type { NewMessage } from '../queue/queued-message';
import { buildDsn, type DsnRecipient } from './dsn-builder';

export interface Returned {
  id: string;
  sender: string;
  receivedAt: Date;
  /** The message, or at least its header section. */
  mime: Buffer;
}

export class Notifications {
  constructor(
    /** This server's name (Reporting-MTA, Message-ID). */
    private readonly fqdn: () => string,
    /** The postmaster address notifications come from. */
    private readonly postmaster: () => Promise<string>,
  ) {}

  async about(
    returned: Returned,
    action: 'failed' | 'delayed',
    recipients: DsnRecipient[],
    willRetryUntil?: Date,
  ): Promise<NewMessage | null> {
    if (returned.sender === '' || recipients.length === 0) return null;
    const headers = returned.mime.subarray(0, parseHeaderSection(returned.mime).bodyOffset);
    const subject = await simpleParser(Buffer.concat([headers, Buffer.from('\r\n')])).then(
      (parsed) => parsed.subject,
      () => undefined,
    );
    const id = randomUUID();
    const now = new Date();
    const mime = await buildDsn({
      action,
      reportingMta: this.fqdn(),
      from: await this.postmaster(),
      to: returned.sender,
      queueId: returned.id,
      arrivalDate: returned.receivedAt,
      recipients,
      willRetryUntil,
      originalHeaders: headers,
      originalSubject: subject,
      now,
      messageId: messageIdFor(id, this.fqdn()),
    });
    return {
      id,
      receivedAt: now,
      sender: '',
      recipients: [returned.sender],
      source: 'dsn',
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
  }
}
