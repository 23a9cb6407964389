/**
 * Sync (MS-ASCMD 2.2.1.21) for email folders. The request's collections (or, for an empty or
 * Partial request, the device's last full request: sync/last-request.ts) are synced one by
 * one (sync/sync-collection.ts); options a collection leaves out keep their last values.
 * Statuses (2.2.3.177.17): 1 success, 3 invalid SyncKey, 4 protocol error, 6 item error,
 * 8 not found, 12 hierarchy changed, 13 incomplete request, 14 Wait / HeartbeatInterval out
 * of range (with the Limit), 16 retry.
 *
 * Wait / HeartbeatInterval (MS-ASCMD 3.1.5.4): when the collections have nothing to send, the
 * request is held on the push watch (as Ping is, and as the same holder, so the device's newer
 * Sync or Ping ends it) until one of its folders changes, then synced again; when the time runs
 * out, or a newer request ends it, the answer is the empty Sync response (2.2.1.21.2).
 */
import { CollectionId, type SyncStateGenerations } from '@mail/contracts';
import { BusError } from '@mail/runtime';
import { el, type WbxmlElement } from '@mail/wbxml';
import type { EasCommand, EasContext } from '../command';
import { chooseBody } from '../email/email-policy';
import { versionsFrom } from '../protocol';
import { holderOf } from '../push/push-watch';
import {
  DEFAULT_OPTIONS,
  lastRequest,
  rememberRequest,
  type RememberedRequest,
} from '../sync/last-request';
import {
  collectionStatus,
  confirmable,
  SYNC_STATUS,
  syncCollection,
} from '../sync/sync-collection';
import { fetchSelect } from '../sync/item-window';
import {
  MAX_WINDOW_SIZE,
  readSyncRequest,
  type CollectionOptions,
  type SyncRequest,
} from '../sync/sync-request';

const S = 'AirSync';

/**
 * MS-ASCMD 2.2.3.198 Wait, in minutes (1-59); 2.2.3.88.2 HeartbeatInterval, in seconds, within
 * the bounds configured for Ping too (the spec leaves them to the server).
 */
function holdRange(request: SyncRequest, context: EasContext) {
  const { heartbeatMinSeconds, heartbeatMaxSeconds } = context.services.config;
  return request.holdBy === 'Wait'
    ? { min: 1, max: 59, unit: 60 }
    : { min: heartbeatMinSeconds, max: heartbeatMaxSeconds, unit: 1 };
}

/** `empty`: the empty Sync response, headers only (nothing changed while the request was held). */
export type SyncResponse =
  { status: number; limit?: number } | { collections: WbxmlElement[] } | { empty: true };

/** The limit a device's hold broke, in the unit it used; undefined when it is in range. */
function holdLimit(request: SyncRequest, context: EasContext): number | undefined {
  if (request.waitSeconds === undefined || !request.holdBy) return undefined;
  const range = holdRange(request, context);
  const value = request.waitSeconds / range.unit;
  if (value < range.min) return range.min;
  if (value > range.max) return range.max;
  return undefined;
}

/** A collection's generations read (and its key confirmed) with the remembered request. */
interface PrefetchedState {
  collectionId: string;
  generations: SyncStateGenerations;
}

/** The collections to sync: this request's, over the last full request's where it stands for it. */
function merge(request: SyncRequest, last: RememberedRequest | null) {
  const base = request.partial || request.collections.length === 0 ? (last?.collections ?? []) : [];
  const merged = new Map(
    base.map((c) => [
      c.collectionId,
      {
        ...c,
        syncKey: undefined as string | undefined,
        commands: [] as SyncRequest['collections'][number]['commands'],
      },
    ]),
  );
  for (const given of request.collections) {
    const before = last?.collections.find((c) => c.collectionId === given.collectionId)?.options;
    merged.set(given.collectionId, {
      collectionId: given.collectionId,
      syncKey: given.syncKey,
      commands: given.commands,
      options: {
        ...DEFAULT_OPTIONS,
        ...before,
        ...(request.windowSize === undefined ? {} : { windowSize: request.windowSize }),
        ...given.options,
      },
    });
  }
  return [...merged.values()];
}

async function handle(request: SyncRequest, context: EasContext): Promise<SyncResponse> {
  const limit = holdLimit(request, context);
  if (limit !== undefined) return { status: SYNC_STATUS.invalidWait, limit };
  // Each collection is marked before anything of it is read (push/quiet-folders.ts).
  const mailbox = context.user.userPrincipalName;
  const holder = holderOf(mailbox, context.device.id);
  const { quiet } = context.services.pushWatch;
  const settles = new Map<string, () => void>();
  const settleOf = (id: string) => settles.get(id) ?? quiet.begin(mailbox, holder, id);
  for (const { collectionId } of request.collections)
    settles.set(collectionId, settleOf(collectionId));
  const first = prefetchable(request, context);
  const { last, generations } = await lastRequest(context, first);
  const standsIn = request.empty || request.partial || request.collections.length === 0;
  if (standsIn && !last) return { status: SYNC_STATUS.incompleteRequest };
  const collections = merge(request, last).map((c) => ({ ...c, settle: settleOf(c.collectionId) }));
  const read =
    first &&
    generations &&
    readWith(
      context,
      first,
      generations,
      collections.find((c) => c.collectionId === first.collectionId),
    );
  const remembered: RememberedRequest = {
    collections: collections.map(({ collectionId, options }) => ({ collectionId, options })),
    waitSeconds: request.waitSeconds ?? last?.waitSeconds,
    holdBy: request.holdBy ?? last?.holdBy,
  };
  // Written only when it differs: a device repeats the same request for every window.
  if (!request.empty && JSON.stringify(remembered) !== JSON.stringify(last))
    await rememberRequest(context, remembered);
  const holdSeconds = request.waitSeconds ?? (standsIn ? last?.waitSeconds : undefined);
  if (holdSeconds === undefined) return { collections: await syncAll(context, collections, read) };
  // A held Sync looks for news after its wait is registered: a journal read before is stale.
  const unjournaled = read && { ...read, generations: { ...read.generations, changes: undefined } };
  return hold(context, collections, context.services.now() + holdSeconds * 1000, unjournaled);
}

/**
 * The collection whose state is read with the remembered request: that of a request naming
 * one collection with a key it may confirm (a phone's Sync after a Ping says its Inbox changed).
 * Its journal comes too when the request sends no commands (they add to the journal) and does
 * not wait, as much as the window the request gives (the most, when it gives none), and with
 * it the few items it adds or changes: the mail a Ping announced, without a fetch of its own.
 */
function prefetchable(request: SyncRequest, context: EasContext) {
  if (request.collections.length !== 1) return undefined;
  const [{ collectionId, syncKey, commands, options }] = request.collections;
  const confirm = confirmable(syncKey);
  if (confirm === undefined || !CollectionId.safeParse(collectionId).success) return undefined;
  if (commands.length > 0 || request.waitSeconds !== undefined) return { collectionId, confirm };
  const window = options.windowSize ?? request.windowSize ?? MAX_WINDOW_SIZE;
  // The journal's news come too, with the bodies these options choose (a phone sends them
  // with every Sync; one that leaves them to its last request is checked in readWith).
  const items = itemSelect(context, { ...DEFAULT_OPTIONS, ...options });
  return { collectionId, confirm, changes: { window, items } };
}

/** What the items of a collection with these options are fetched with. */
const itemSelect = (context: EasContext, options: CollectionOptions) =>
  fetchSelect(chooseBody(options.email, context.version, context.policy.settings));

/**
 * The state read for `first`, without the items that came with its journal when the options
 * the collection ends up with (the last request's merged in) choose other bodies.
 */
function readWith(
  context: EasContext,
  first: NonNullable<ReturnType<typeof prefetchable>>,
  generations: SyncStateGenerations,
  collection: ReturnType<typeof merge>[number] | undefined,
): PrefetchedState {
  const { changes } = generations;
  const same =
    collection !== undefined &&
    JSON.stringify(itemSelect(context, collection.options)) ===
      JSON.stringify(first.changes?.items);
  return {
    collectionId: first.collectionId,
    generations:
      changes?.items && !same
        ? { ...generations, changes: { ...changes, items: undefined } }
        : generations,
  };
}

/**
 * Syncs, and while there is nothing to say, waits for a change of the folders until the
 * deadline. The wait is registered before each sync (PushWatch.lookThenWait), so a change
 * committed while the sync runs still ends it; a change that turns out to be none of the
 * device's news (its own commands, say) waits again for the time that is left.
 */
async function hold(
  context: EasContext,
  collections: ReturnType<typeof merge>,
  deadline: number,
  read?: PrefetchedState,
): Promise<SyncResponse> {
  const user = context.user.userPrincipalName;
  for (let round = collections; ;) {
    const looked = await context.services.pushWatch.lookThenWait(
      {
        mailbox: user,
        folderIds: round.map((c) => c.collectionId),
        timeoutMs: Math.max(0, deadline - context.services.now()),
        holder: holderOf(user, context.device.id),
        whenGone: context.whenGone,
      },
      async () => {
        // What was read before the first round is stale for the next.
        const answers = await syncAll(context, round, round === collections ? read : undefined);
        return answers.every((a, i) => quiet(a, round[i].syncKey)) ? undefined : answers;
      },
    );
    if ('found' in looked) return { collections: looked.found };
    const { reason } = looked.outcome;
    if (reason !== 'changed' && reason !== 'hierarchy-changed') return { empty: true };
    // The device's commands were applied in the first round; later rounds look for news only.
    round = round.map((c) => ({ ...c, commands: [] }));
  }
}

async function syncAll(
  context: EasContext,
  collections: ReturnType<typeof merge>,
  read?: PrefetchedState,
): Promise<WbxmlElement[]> {
  const { folders } = await context.services.hierarchy.folders(context.user.userPrincipalName);
  const answers: WbxmlElement[] = [];
  for (const collection of collections) {
    const generations =
      read?.collectionId === collection.collectionId ? read.generations : undefined;
    try {
      answers.push(await syncCollection(context, collection, folders, generations));
    } catch (error) {
      if (!(error instanceof BusError) || !error.temporary) throw error;
      context.log.warn(
        { collectionId: collection.collectionId, reason: error.message },
        'Sync: retry',
      );
      answers.push(collectionStatus(collection.collectionId, SYNC_STATUS.retry));
    }
  }
  return answers;
}

/**
 * A collection answer that tells the device nothing new: its own key back (a primed or moved
 * key is news), Status 1 and no commands.
 */
function quiet(answer: WbxmlElement, asked: string | undefined): boolean {
  if (!Array.isArray(answer.content)) return false;
  return (answer.content as WbxmlElement[]).every((child) => {
    if (child.tag === 'SyncKey') return asked === undefined || child.content === asked;
    if (child.tag === 'Status') return child.content === '1';
    return child.tag === 'CollectionId';
  });
}

export const sync: EasCommand<SyncRequest, SyncResponse> = {
  name: 'Sync',
  versions: versionsFrom('2.5'),
  requiresPolicyKey: true,
  allowedWhenQuarantined: false,
  body: 'wbxml',
  root: { ns: S, tag: 'Sync' },
  protocolErrorStatus: SYNC_STATUS.protocolError,
  serverErrorStatus: SYNC_STATUS.retry,
  parse: (body) => readSyncRequest(body),
  handle,
  write(response) {
    if ('empty' in response) return null;
    if ('collections' in response)
      return el(S, 'Sync', [el(S, 'Collections', response.collections)]);
    return el(S, 'Sync', [
      el(S, 'Status', String(response.status)),
      ...(response.limit === undefined ? [] : [el(S, 'Limit', String(response.limit))]),
    ]);
  },
};
