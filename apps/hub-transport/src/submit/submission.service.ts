/**
 * Submission through CAS (EAS SendMail): the same queue as SMTP. The envelope is taken from
 * the message: the sender is the signed-in user's primary SMTP address, the recipients are
 * every address in To, Cc and Bcc. The Client receive connector's limits apply, the From
 * must be one of the user's addresses (or is added), and Bcc never reaches the recipients.
 */
import { randomUUID } from 'node:crypto';
import type { MessageSubmitReply, MessageSubmitRequest, SubmitRefusal } from '@mail/contracts';
import type { z } from 'zod';
import type { DirectoryLookups } from '../directory/directory-lookups';
import { addressesIn, parseHeaderSection } from '../message/header-section';
import { applySubmissionRules, headerFacts } from '../message/submission';
import type { TransportMetrics } from '../metrics/transport-metrics';
import type { QueueRepository } from '../queue/persistence/queue.repository';
import type { NewMessage } from '../queue/queued-message';
import type { ConnectorSettings } from '../receive/connector-settings';
import { addressWithinLimits } from '../receive/recipient-policy';

export interface SubmissionDeps {
  lookups: DirectoryLookups;
  settings: ConnectorSettings;
  queue: QueueRepository;
  accept(message: NewMessage): Promise<void>;
  /** Called once a submission with a client id was written outside the batch writer. */
  accepted(): void;
  metrics: TransportMetrics;
}

const refuse = (reason: SubmitRefusal, message: string): MessageSubmitReply => ({
  accepted: false,
  reason,
  message,
});

export class SubmissionService {
  constructor(private readonly deps: SubmissionDeps) {}

  async submit(request: z.output<typeof MessageSubmitRequest>): Promise<MessageSubmitReply> {
    const connector = this.deps.settings.get('SUBMISSION_PORT');
    const raw = Buffer.from(request.mime, 'base64');
    if (raw.length > connector.maxMessageSize)
      return refuse('too-large', `the message is larger than ${connector.maxMessageSize} bytes`);
    const [user] = await this.deps.lookups.resolve([request.userPrincipalName]);
    if (user.kind !== 'mailbox')
      return refuse('unknown-user', `${request.userPrincipalName} has no mailbox`);
    const section = parseHeaderSection(raw);
    if (!section.fields.some((f) => f.name !== ''))
      return refuse('invalid-mime', 'the message has no header fields');
    const recipients = [
      ...new Set(addressesIn(section, ['to', 'cc', 'bcc']).map((a) => a.address)),
    ];
    const invalid = recipients.find((address) => !addressWithinLimits(address));
    if (invalid !== undefined)
      return refuse('invalid-recipient', `not an address: ${invalid.slice(0, 100)}`);
    if (recipients.length === 0) return refuse('no-recipients', 'To, Cc and Bcc name nobody');
    if (recipients.length > connector.maxRecipientsPerMessage)
      return refuse(
        'too-many-recipients',
        `at most ${connector.maxRecipientsPerMessage} recipients`,
      );
    const submitted = applySubmissionRules(
      raw,
      { displayName: user.displayName, addresses: user.proxyAddresses },
      { addMissingFrom: true },
    );
    if (!submitted.ok)
      return refuse(
        'sender-not-allowed',
        `${user.userPrincipalName} may not send as ${submitted.sender}`,
      );
    const message: NewMessage = {
      id: randomUUID(),
      receivedAt: new Date(),
      sender: user.primarySmtpAddress,
      recipients,
      source: 'submit',
      connector: null,
      clientAddress: request.clientAddress ?? null,
      clientName: 'eas',
      protocol: 'HTTPS',
      authUser: user.userPrincipalName,
      ...headerFacts(submitted.section),
      mime: submitted.mime,
    };
    this.deps.metrics.received('submit');
    if (!request.clientId) {
      await this.deps.accept(message);
      return { accepted: true, queueId: message.id, recipients, duplicate: false };
    }
    const written = await this.deps.queue.insertSubmission(
      message,
      user.userPrincipalName,
      request.clientId,
    );
    this.deps.accepted();
    return { accepted: true, ...written };
  }
}
