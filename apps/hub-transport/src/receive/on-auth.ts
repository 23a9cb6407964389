/**
 * AUTH PLAIN and LOGIN, checked by the directory (`directory.credential.verify`, with its
 * per-user and per-address throttling); the user's addresses come along for the sender check.
 */
import type {
  SMTPServerAuthentication,
  SMTPServerAuthenticationResponse,
  SMTPServerSession,
} from 'smtp-server';
import { SmtpReplyError } from '../errors';
import type { ReceiveContext, SessionUser } from './receive-context';

export function onAuth(context: ReceiveContext) {
  return (
    auth: SMTPServerAuthentication,
    session: SMTPServerSession,
    done: (error: Error | null | undefined, response?: SMTPServerAuthenticationResponse) => void,
  ): void => {
    void (async () => {
      const reply = await context.lookups.verify(
        auth.username ?? '',
        auth.password ?? '',
        session.remoteAddress,
      );
      if (!reply.ok) {
        context.logger.info(
          { user: auth.username, source: session.remoteAddress, reason: reply.reason },
          'smtp sign-in refused',
        );
        return done(
          new SmtpReplyError(reply.reason === 'throttled' ? 'auth-throttled' : 'auth-failed'),
        );
      }
      const [owner] = await context.lookups.resolve([reply.userPrincipalName]);
      const user: SessionUser = {
        userPrincipalName: reply.userPrincipalName,
        displayName: owner.kind === 'mailbox' ? owner.displayName : reply.userPrincipalName,
        addresses: owner.kind === 'mailbox' ? owner.proxyAddresses : [reply.userPrincipalName],
      };
      done(null, { user });
    })().catch((error: unknown) => {
      context.logger.warn({ err: error }, 'smtp sign-in could not be checked');
      done(new SmtpReplyError('auth-unavailable'));
    });
  };
}
