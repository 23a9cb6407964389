/**
 * Connection hooks: a disabled connector refuses connections, one client address may hold at
 * most MaxInboundConnectionPerSource connections, and AUTH stays hidden until STARTTLS where
 * the connector says BasicAuthRequireTLS (smtp-server reads `session.disabledCommands`).
 */
import type { SMTPServerSession } from 'smtp-server';
import { SmtpReplyError } from '../errors';
import { policyOf } from './connector-settings';
import type { Done, ReceiveContext } from './receive-context';

export interface ConnectionHooks {
  onConnect(session: SMTPServerSession, done: Done): void;
  onSecure(socket: unknown, session: SMTPServerSession, done: Done): void;
  onClose(session: SMTPServerSession): void;
}

export function connectionHooks(
  context: ReceiveContext,
  serverDisabledCommands: () => string[],
): ConnectionHooks {
  const perSource = new Map<string, number>();
  const counted = new Set<string>();
  return {
    onConnect(session, done) {
      const connector = context.settings.get(context.binding);
      if (!connector.enabled) return done(new SmtpReplyError('connector-disabled'));
      const source = session.remoteAddress;
      const open = perSource.get(source) ?? 0;
      if (open >= connector.maxInboundConnectionPerSource) {
        context.metrics.refused(connector.name, 'too-many-connections');
        return done(new SmtpReplyError('too-many-connections'));
      }
      perSource.set(source, open + 1);
      counted.add(session.id);
      if (policyOf(connector).authNeedsTls && !session.secure)
        session.disabledCommands = [...serverDisabledCommands(), 'AUTH'];
      done();
    },
    onSecure(_socket, session, done) {
      session.disabledCommands = undefined;
      done();
    },
    onClose(session) {
      if (!counted.delete(session.id)) return;
      const left = (perSource.get(session.remoteAddress) ?? 1) - 1;
      if (left > 0) perSource.set(session.remoteAddress, left);
      else perSource.delete(session.remoteAddress);
    },
  };
}
