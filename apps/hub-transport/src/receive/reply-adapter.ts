/**
 * smtp-server writes every reply through its connection's `send`, which has no hook; this
 * wraps it, per connection, so that:
 * - a reply whose text starts with an enhanced status code (errors.ts) goes out as is; the
 *   library would otherwise prefix its own guess from the basic code (every 550 as 5.1.1);
 * - the few library replies that differ from the RFCs are replaced: an over-long command line
 *   is `500 5.5.2 Line too long` (RFC 5321 4.2.4), AUTH before STARTTLS is `530 5.7.0` (RFC
 *   3207 4), and shutting down is `421 4.3.2`;
 * - refusals (5xx) and commands are counted: past TRANSPORT_LIMITS a client is disconnected
 *   with `421 4.7.0`. An accepted message resets the refusal count.
 */
import type { SMTPConnection } from 'smtp-server/lib/smtp-connection';
import { ENHANCED_STATUS, replyFor, replyText } from '../errors';
import { TRANSPORT_LIMITS } from '../limits';

type Send = SMTPConnection['send'];

export function adaptReplies(connection: SMTPConnection): void {
  const send: Send = connection.send.bind(connection);
  let refusals = 0;
  let replies = 0;
  const closeWith = (name: 'too-many-errors' | 'too-many-commands') =>
    send(replyFor(name).code, replyText(name), false);

  connection.send = (code, data, context) => {
    if (code === 421 && data === 'Error: Command line too long') {
      const { code: lineCode } = replyFor('command-too-long');
      send(lineCode, replyText('command-too-long'), false);
      connection.close();
      return;
    }
    if (code === 421 && data === 'Server shutting down') {
      return send(code, replyText('shutting-down'), false);
    }
    if ((context === 'AUTH' && code === 500) || code === 538) {
      send(replyFor('tls-required').code, replyText('tls-required'), false);
    } else if (typeof data === 'string' && ENHANCED_STATUS.test(data)) {
      send(code, data, false);
    } else {
      send(code, data, context);
    }
    if (code === 250 && context === 'DATA_OK') refusals = 0;
    if (code >= 500 && ++refusals >= TRANSPORT_LIMITS.maxErrorsPerConnection)
      return closeWith('too-many-errors');
    if (++replies >= TRANSPORT_LIMITS.maxCommandsPerConnection) closeWith('too-many-commands');
  };
}
