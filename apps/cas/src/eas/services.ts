/**
 * What CAS gives every EAS command besides the bus: its view of the directory and of the
 * mailbox hierarchy (both remember answers briefly), its settings and its clock. Commands
 * added later put their own CAS-side services here (a Ping registry, say).
 */
import type { X509Certificate } from 'node:crypto';
import type { Config } from '@mail/runtime';
import type { DirectoryViews } from '../directory/directory-views';
import type { HierarchyStore } from './hierarchy/hierarchy-store';
import type { PingParameterStore } from './push/ping-parameters';
import type { PushWatch } from './push/push-watch';
import type { ReadAhead } from './sync/read-ahead';

export interface EasServices {
  readonly directory: DirectoryViews;
  readonly hierarchy: HierarchyStore;
  readonly config: Config;
  readonly now: () => number;
  /** Held requests (Ping, Sync with Wait) waiting for the mailbox's change events. */
  readonly pushWatch: PushWatch;
  /** What each device's last Ping asked for, reused by an empty Ping. */
  readonly pingParameters: PingParameterStore;
  /** Next windows of first fills, read while devices take in the last (sync/read-ahead.ts). */
  readonly readAhead: ReadAhead;
  /** CA certificates ValidateCert trusts (EAS_TRUST_ANCHORS). */
  readonly trustAnchors: readonly X509Certificate[];
}
