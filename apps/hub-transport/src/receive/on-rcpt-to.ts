/** RCPT TO, decided by the recipient policy against the directory (recipient-policy.ts). */
import type { SMTPServerAddress, SMTPServerSession } from 'smtp-server';
import { SmtpReplyError } from '../errors';
import type { Done, ReceiveContext } from './receive-context';
import { decideRecipient } from './recipient-policy';

export function onRcptTo(context: ReceiveContext) {
  return (address: SMTPServerAddress, session: SMTPServerSession, done: Done): void => {
    void (async () => {
      const decision = await decideRecipient(address.address, {
        authenticated: Boolean(session.user),
        domains: await context.lookups.acceptedDomains(),
        resolve: async (a) => (await context.lookups.resolve([a]))[0],
      });
      if (decision === 'accept') return done();
      context.metrics.refused(context.settings.get(context.binding).name, decision);
      done(new SmtpReplyError(decision));
    })().catch((error: unknown) => {
      context.logger.warn({ err: error }, 'smtp recipient could not be checked');
      done(new SmtpReplyError('directory-unavailable'));
    });
  };
}
