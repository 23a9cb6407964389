/**
 * DATA: the message is read within the connector's size limit and RFC 5322's line limit, a
 * signed-in user's message is held to the submission rules, and it is written to the queue
 * with its envelope; only once that commit is done does the client hear 250 (DESIGN.md: a
 * message that got 250 is never lost).
 */
import { randomUUID } from 'node:crypto';
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { SmtpReplyError } from '../errors';
import { parseHeaderSection } from '../message/header-section';
import { applySubmissionRules, headerFacts } from '../message/submission';
import { policyOf } from './connector-settings';
import { readMessage } from './message-reader';
import type { ReceiveContext, SessionUser } from './receive-context';

export function onData(context: ReceiveContext) {
  return (
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    done: (error?: Error | null, message?: string) => void,
  ): void => {
    const connector = context.settings.get(context.binding);
    void (async () => {
      const read = await readMessage(stream, connector.maxMessageSize);
      const ended = process.hrtime.bigint();
      if (read.tooLarge) return done(new SmtpReplyError('message-too-large'));
      if (read.longLine) return done(new SmtpReplyError('line-too-long'));
      let mime = read.mime;
      let section = parseHeaderSection(mime);
      const user = session.user as SessionUser | undefined;
      if (user) {
        const submitted = applySubmissionRules(mime, user, { addMissingFrom: false });
        if (!submitted.ok) return done(new SmtpReplyError('sender-not-allowed', submitted.sender));
        ({ mime, section } = submitted);
      }
      const envelope = session.envelope;
      const id = randomUUID();
      await context.accept({
        id,
        receivedAt: new Date(),
        sender: envelope.mailFrom ? envelope.mailFrom.address.toLowerCase() : '',
        recipients: envelope.rcptTo.map((r) => r.address.toLowerCase()),
        source: policyOf(connector).source,
        connector: connector.name,
        clientAddress: session.remoteAddress,
        clientName: session.hostNameAppearsAs || null,
        protocol: session.transmissionType || 'SMTP',
        authUser: user?.userPrincipalName ?? null,
        ...headerFacts(section),
        mime,
      });
      context.metrics.received(connector.name, Number(process.hrtime.bigint() - ended) / 1e9);
      done(null, `Queued as ${id}`);
    })().catch((error: unknown) => {
      context.logger.error({ err: error }, 'message could not be queued');
      done(new SmtpReplyError('queue-unavailable'));
    });
  };
}
