/**
 * One receive connector's SMTP listener (smtp-server): options from the connector's
 * settings (applied again whenever they change), the hooks of this folder, the reply adapter
 * on every connection. Stopping stops accepting, closes idle sessions at once, lets sessions
 * in the middle of DATA finish their message (and get their 250), and closes the rest at the
 * shutdown deadline.
 */
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { ReceiveConnector } from '@mail/contracts';
import { replyFor, replyText } from '../errors';
import { TRANSPORT_LIMITS } from '../limits';
import { hostname } from 'node:os';
import { policyOf } from './connector-settings';
import { connectionHooks } from './on-connect';
import { onAuth } from './on-auth';
import { onData } from './on-data';
import { onMailFrom } from './on-mail-from';
import { onRcptTo } from './on-rcpt-to';
import type { ReceiveContext } from './receive-context';
import { adaptReplies } from './reply-adapter';

export interface ListenerOptions {
  port: number;
  host: string;
  certificate?: { key: string; cert: string };
  shutdownTimeoutMs: number;
}

/** The settings smtp-server reads per connection or command, from the connector's. */
function connectorOptions(connector: ReceiveConnector, tls: boolean) {
  const policy = policyOf(connector);
  return {
    name: connector.fqdn ?? hostname(),
    size: connector.maxMessageSize,
    maxClients: connector.maxInboundConnection,
    maxRecipients: connector.maxRecipientsPerMessage,
    allowInsecureAuth: !policy.authNeedsTls,
    disabledCommands: [
      ...(policy.startTls && tls ? [] : ['STARTTLS']),
      ...(policy.auth ? [] : ['AUTH']),
    ],
  } satisfies SMTPServerOptions;
}

export class SmtpListener {
  private readonly server: SMTPServer;

  constructor(
    private readonly context: ReceiveContext,
    private readonly options: ListenerOptions,
  ) {
    const connector = context.settings.get(context.binding);
    const hooks = connectionHooks(context, () => this.server.options.disabledCommands ?? []);
    this.server = new SMTPServer({
      ...connectorOptions(connector, Boolean(options.certificate)),
      ...options.certificate,
      logger: false,
      banner: 'ready',
      heloResponse: '%s Hello %s',
      disableReverseLookup: true,
      hideENHANCEDSTATUSCODES: false,
      hideDSN: true,
      hideREQUIRETLS: true,
      authMethods: ['PLAIN', 'LOGIN'],
      // The hooks decide who must authenticate (on-mail-from.ts), per connector.
      authOptional: true,
      maxCommandLength: TRANSPORT_LIMITS.maxCommandLineBytes,
      socketTimeout: TRANSPORT_LIMITS.socketTimeoutMs,
      closeTimeout: options.shutdownTimeoutMs,
      onConnect: hooks.onConnect,
      onSecure: hooks.onSecure,
      onClose: hooks.onClose,
      onAuth: onAuth(context),
      onMailFrom: onMailFrom(context),
      onRcptTo: onRcptTo(context),
      onData: onData(context),
    });
    // Every connection's replies go through the adapter (reply-adapter.ts).
    const add = this.server.connections.add.bind(this.server.connections);
    this.server.connections.add = (connection) => {
      adaptReplies(connection);
      return add(connection);
    };
    this.server.on('error', (error: Error) =>
      context.logger.debug(
        { err: error.message, connector: connector.name },
        'smtp connection error',
      ),
    );
  }

  /** The connector's settings changed in the directory. */
  apply(connector: ReceiveConnector): void {
    Object.assign(
      this.server.options,
      connectorOptions(connector, Boolean(this.options.certificate)),
    );
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.server.off('error', reject);
        resolve();
      });
    });
    this.context.logger.info(
      { port: this.options.port, connector: this.context.settings.get(this.context.binding).name },
      'smtp listening',
    );
  }

  async stop(): Promise<void> {
    if (!this.server.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const { code } = replyFor('shutting-down');
    for (const connection of this.server.connections) {
      const busy = connection._dataStream || connection._handlerPending;
      if (busy) continue;
      connection.send(code, replyText('shutting-down'), false);
    }
    await closed;
  }
}
