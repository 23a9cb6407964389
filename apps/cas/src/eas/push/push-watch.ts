/**
 * Held requests waiting for a mailbox's folders to change: Ping, and Sync with Wait or
 * HeartbeatInterval. CAS hears every mailbox change event once (mailbox-events.controller.ts,
 * in-process bus or NATS alike) and hands it here; a held request costs one small record in a
 * map from mailbox to waiters and one timer for its deadline: nothing polls.
 *
 * A holder names who is waiting (user + device): a newer wait of the same holder ends the
 * older one as `superseded`, as a device that sends a new Ping has given up the old one.
 *
 * A held request first looks whether it has news already (lookThenWait): the wait is
 * registered before it looks, so a change committed while it looks still ends the wait.
 *
 * The device going away reaches a wait as a callback (WhenGone), not an AbortSignal: V8 keeps
 * each AbortSignal as a dictionary-mode object with a hidden class of its own, and a held
 * request needed three (the connection's, the look's, and AbortSignal.any of the two), about
 * 3 kB of the 18 kB a held Ping cost before (heap snapshots of 3,000 held Pings).
 */
import type { FolderChangedEvent, HierarchyChangedEvent } from '@mail/contracts';
import { QuietFolders } from './quiet-folders';

/** Why a wait ended. `changed` lists the watched folders the event named, in its order. */
export type WatchOutcome =
  | { readonly reason: 'changed'; readonly folderIds: readonly string[] }
  | { readonly reason: 'hierarchy-changed' }
  | { readonly reason: 'timeout' }
  | { readonly reason: 'superseded' }
  | { readonly reason: 'aborted' };

/**
 * Calls `listener` once the device goes away before it has its answer (at once if it is gone
 * already); returns what stops listening.
 */
export type WhenGone = (listener: () => void) => () => void;

export interface WatchRequest {
  /** The mailbox (its owner's user principal name) whose folders are watched. */
  readonly mailbox: string;
  readonly folderIds: readonly string[];
  /** How long to wait for a change before answering `timeout`. */
  readonly timeoutMs: number;
  /** Who waits (user + device); a newer wait with the same holder ends this one. */
  readonly holder?: string;
  /** The device went away: stop waiting (`aborted`). */
  readonly whenGone?: WhenGone;
}

/** What lookThenWait ended with: what the look found, or how the wait ended. */
export type LookOutcome<T> = { readonly found: T } | { readonly outcome: WatchOutcome };

interface Waiter {
  readonly folderIds: readonly string[];
  end(outcome: WatchOutcome): void;
}

/** The holder of a device's held requests and quiet marks. */
export const holderOf = (mailbox: string, deviceId: string) => `${mailbox}\n${deviceId}`;

const TIMEOUT: WatchOutcome = { reason: 'timeout' };
const ABORTED: WatchOutcome = { reason: 'aborted' };
const SUPERSEDED: WatchOutcome = { reason: 'superseded' };
const HIERARCHY_CHANGED: WatchOutcome = { reason: 'hierarchy-changed' };

export class PushWatch {
  private readonly byMailbox = new Map<string, Set<Waiter>>();
  private readonly byHolder = new Map<string, Waiter>();
  /** Fed by the same events: what a Ping may take as not behind without asking. */
  readonly quiet: QuietFolders;

  constructor(now: () => number = Date.now) {
    this.quiet = new QuietFolders(now);
  }

  /** Waits until one of the folders changes, the hierarchy changes, time runs out or it ends. */
  wait(request: WatchRequest): Promise<WatchOutcome> {
    return new Promise((resolve) => this.hold(request, resolve));
  }

  /**
   * Registers the wait, then runs `look`. When it finds something to answer now (anything but
   * undefined), or fails, the wait is given up; otherwise this waits as `wait` does, and a
   * change that landed while `look` ran has already ended the wait.
   */
  async lookThenWait<T>(
    request: WatchRequest,
    look: () => Promise<T | undefined>,
  ): Promise<LookOutcome<T>> {
    let waiter!: Waiter;
    const watching = new Promise<WatchOutcome>((resolve) => (waiter = this.hold(request, resolve)));
    const found = await look().catch((error: unknown) => {
      waiter.end(ABORTED);
      throw error;
    });
    if (found === undefined) return { outcome: await watching };
    waiter.end(ABORTED);
    return { found };
  }

  /** Registers a waiter that resolves once; ending it again does nothing. */
  private hold(request: WatchRequest, resolve: (outcome: WatchOutcome) => void): Waiter {
    const { mailbox, holder, whenGone } = request;
    if (holder !== undefined) this.byHolder.get(holder)?.end(SUPERSEDED);
    let waiters = this.byMailbox.get(mailbox);
    if (!waiters) this.byMailbox.set(mailbox, (waiters = new Set()));
    let ended = false;
    let stopListening: (() => void) | undefined;
    const waiter: Waiter = {
      folderIds: request.folderIds,
      end: (outcome) => {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        stopListening?.();
        waiters.delete(waiter);
        if (waiters.size === 0 && this.byMailbox.get(mailbox) === waiters)
          this.byMailbox.delete(mailbox);
        if (holder !== undefined && this.byHolder.get(holder) === waiter)
          this.byHolder.delete(holder);
        resolve(outcome);
      },
    };
    const timer = setTimeout(() => waiter.end(TIMEOUT), request.timeoutMs);
    waiters.add(waiter);
    if (holder !== undefined) this.byHolder.set(holder, waiter);
    if (whenGone) {
      const stop = whenGone(() => waiter.end(ABORTED));
      if (ended) stop();
      else stopListening = stop;
    }
    return waiter;
  }

  /** A commit changed items of these folders: every waiter watching one of them answers. */
  folderChanged(event: FolderChangedEvent): void {
    this.quiet.folderChanged(event);
    const waiters = this.byMailbox.get(event.mailbox);
    if (!waiters) return;
    for (const waiter of [...waiters]) {
      const changed = event.folderIds.filter((id) => waiter.folderIds.includes(id));
      if (changed.length > 0) waiter.end({ reason: 'changed', folderIds: changed });
    }
  }

  /** A folder was created, renamed, moved or deleted: every waiter of the mailbox answers. */
  hierarchyChanged(event: HierarchyChangedEvent): void {
    this.quiet.hierarchyChanged(event);
    const waiters = this.byMailbox.get(event.mailbox);
    if (waiters) for (const waiter of [...waiters]) waiter.end(HIERARCHY_CHANGED);
  }

  /** Requests held now (for metrics and benchmarks). */
  get held(): number {
    let count = 0;
    for (const waiters of this.byMailbox.values()) count += waiters.size;
    return count;
  }
}
