/**
 * The next window of a collection's first fill, read while the device takes in this one. A
 * device told MoreAvailable asks for the next window at once, and fetching that window's items
 * from the mailbox is the largest part of answering it (a 512-item window is megabytes of
 * body text on the bus). So when a window of the fill is answered, the items of the one after
 * it are listed and fetched in the background, and the next request uses them only if nothing
 * in the folder changed since the answered window was made: its journal after that window's
 * change number is empty, so items read after the window was made are as they are now.
 * Otherwise, or when the request reaches another CAS, the items are fetched as usual; the
 * listing is always done again, so the window holds exactly what it would have.
 * Bounded: a few windows per process, each for a short while; past that no read-ahead starts
 * (under many simultaneous fills it would mostly be dropped before use, and cost twice).
 */
import type { FetchedItem } from '@mail/contracts';

interface ReadAheadLimits {
  /** Windows read ahead at once in one CAS process (a 512-item window is megabytes); 0: none. */
  maxWindows: number;
  /** How long one waits for its request; a device that was told MoreAvailable comes at once. */
  maxAgeMs: number;
}

const MAX_AGE_MS = 30_000;

/** Where a window starts: what the items were read after, and with which bodies. */
export interface WindowStart {
  /** The fill's filter start and cursor after the answered window (null: none, its start). */
  since: string | null;
  cursor: string | null;
  /** The answered window's change number. */
  changeNumber: number;
  /** The fetch selection (bodies), as text. */
  select: string;
}

interface Ahead extends WindowStart {
  startedAt: number;
  items: Promise<FetchedItem[]>;
}

export class ReadAhead {
  /** By collection (user, device, folder): one window each, the next. */
  private readonly windows = new Map<string, Ahead>();

  private readonly limits: ReadAheadLimits;

  /** `maxWindows` from the operator's EAS_SYNC_READ_AHEAD (config.ts). */
  constructor(
    private readonly now: () => number,
    limits: Partial<ReadAheadLimits> & Pick<ReadAheadLimits, 'maxWindows'>,
  ) {
    this.limits = { maxAgeMs: MAX_AGE_MS, ...limits };
  }

  /** Starts reading the window at `start`, unless the process holds its most already. */
  start(collection: string, start: WindowStart, read: () => Promise<FetchedItem[]>): boolean {
    this.windows.delete(collection);
    this.dropExpired();
    if (this.windows.size >= this.limits.maxWindows) return false;
    // A read that fails is not used: the request fetches its items itself.
    const items = read().catch(() => []);
    this.windows.set(collection, { ...start, startedAt: this.now(), items });
    return true;
  }

  /** The items read ahead for the window at `start`, once; undefined for any other window. */
  take(collection: string, start: WindowStart): Promise<FetchedItem[]> | undefined {
    const ahead = this.windows.get(collection);
    if (!ahead) return undefined;
    this.windows.delete(collection);
    const same =
      ahead.since === start.since &&
      ahead.cursor === start.cursor &&
      ahead.changeNumber === start.changeNumber &&
      ahead.select === start.select &&
      !this.expired(ahead);
    return same ? ahead.items : undefined;
  }

  private expired(ahead: Ahead): boolean {
    return this.now() - ahead.startedAt > this.limits.maxAgeMs;
  }

  private dropExpired(): void {
    for (const [collection, ahead] of this.windows)
      if (this.expired(ahead)) this.windows.delete(collection);
  }
}
