/** What the receive hooks of one listener share. */
import type { Logger } from '@mail/runtime';
import type { DirectoryLookups } from '../directory/directory-lookups';
import type { TransportMetrics } from '../metrics/transport-metrics';
import type { NewMessage } from '../queue/queued-message';
import type { Binding, ConnectorSettings } from './connector-settings';

export interface ReceiveContext {
  binding: Binding;
  settings: ConnectorSettings;
  lookups: DirectoryLookups;
  /** Writes the message to the queue durably; resolves once committed. */
  accept(message: NewMessage): Promise<void>;
  logger: Logger;
  metrics: TransportMetrics;
}

/** `session.user` once AUTH succeeded: who signed in and the addresses they may send as. */
export interface SessionUser {
  userPrincipalName: string;
  displayName: string;
  addresses: string[];
}

/** smtp-server's hook callback. */
export type Done = (error?: Error | null) => void;
