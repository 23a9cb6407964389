/**
 * MAIL FROM: a connector without AnonymousUsers takes mail only after AUTH, and a signed-in
 * user may send only as one of their own addresses (never as the null sender).
 */
import type { SMTPServerAddress, SMTPServerSession } from 'smtp-server';
import { SmtpReplyError } from '../errors';
import { policyOf } from './connector-settings';
import type { Done, ReceiveContext, SessionUser } from './receive-context';
import { addressWithinLimits } from './recipient-policy';

export function onMailFrom(context: ReceiveContext) {
  return (address: SMTPServerAddress, session: SMTPServerSession, done: Done): void => {
    const connector = context.settings.get(context.binding);
    const policy = policyOf(connector);
    const user = session.user as SessionUser | undefined;
    const sender = address.address.toLowerCase();
    if (!user && !policy.anonymousAllowed)
      return done(new SmtpReplyError(policy.auth ? 'auth-required' : 'anonymous-denied'));
    if (sender !== '' && !addressWithinLimits(sender))
      return done(new SmtpReplyError('bad-sender-syntax'));
    if (user && !user.addresses.includes(sender)) {
      context.logger.info({ user: user.userPrincipalName, sender }, 'smtp sender refused');
      return done(new SmtpReplyError('sender-not-allowed', sender || '<>'));
    }
    done();
  };
}
