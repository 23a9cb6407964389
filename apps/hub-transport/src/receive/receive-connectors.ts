/**
 * The receive connectors of this instance: the Default connector on SMTP_PORT and the Client
 * connector on SUBMISSION_PORT, their settings read from the directory at start and every
 * few seconds after (built-in defaults until the directory first answers).
 */
import type { Logger } from '@mail/runtime';
import type { DirectoryLookups } from '../directory/directory-lookups';
import { TRANSPORT_LIMITS } from '../limits';
import type { Binding, ConnectorSettings } from './connector-settings';
import type { ReceiveContext } from './receive-context';
import { SmtpListener, type ListenerOptions } from './smtp-listener';

export class ReceiveConnectors {
  private readonly listeners = new Map<Binding, SmtpListener>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly settings: ConnectorSettings,
    private readonly lookups: DirectoryLookups,
    private readonly contextFor: (binding: Binding) => ReceiveContext,
    private readonly listenerOptions: Record<Binding, ListenerOptions>,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.refresh();
    this.settings.onChange((connector) => this.listeners.get(connector.bindings)?.apply(connector));
    for (const binding of ['SMTP_PORT', 'SUBMISSION_PORT'] as const) {
      const listener = new SmtpListener(this.contextFor(binding), this.listenerOptions[binding]);
      await listener.start();
      this.listeners.set(binding, listener);
    }
    this.timer = setInterval(() => void this.refresh(), TRANSPORT_LIMITS.directoryCacheMs);
    this.timer.unref();
  }

  /** Stops accepting and lets sessions in DATA finish (smtp-listener.ts). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.listeners.values()].map((listener) => listener.stop()));
    this.listeners.clear();
  }

  private async refresh(): Promise<void> {
    try {
      this.settings.update(await this.lookups.receiveConnectors());
    } catch (error) {
      this.logger.warn(
        { err: error },
        'receive connector settings could not be read; keeping the last known',
      );
    }
  }
}
