/**
 * Sync (MS-ASCMD 2.2.1.21) for email folders. The request's collections (or, for an empty or
 * Partial request, the device's last full request: sync/last-request.ts) are synced one by
 * one (sync/sync-collection.ts); options a collection leaves out keep their last values.
 * Statuses (2.2.3.177.17): 1 success, 3 invalid SyncKey, 4 protocol error, 6 item error,
 * 8 not found, 12 hierarchy changed, 13 incomplete request, 14 Wait / HeartbeatInterval out
 * of range (with the Limit), 16 retry.
 *
 * Wait / HeartbeatInterval are validated; until a push-watch service exists the answer is
 * given at once. The hold belongs after the collections are synced: with nothing to send,
 * wait for the mailbox's change event on these folders (as Ping does), then sync again.
 */
import { BusError } from '@mail/runtime';
import { el, type WbxmlElement } from '@mail/wbxml';
import type { EasCommand, EasContext } from '../command';
import { versionsFrom } from '../protocol';
import {
  DEFAULT_OPTIONS,
  lastRequest,
  rememberRequest,
  type RememberedRequest,
} from '../sync/last-request';
import { collectionStatus, SYNC_STATUS, syncCollection } from '../sync/sync-collection';
import { readSyncRequest, type SyncRequest } from '../sync/sync-request';

const S = 'AirSync';

/** MS-ASCMD 2.2.3.197 Wait, in minutes, and 2.2.3.79.1 HeartbeatInterval, in seconds. */
const HOLD_RANGE = {
  Wait: { min: 1, max: 59, unit: 60 },
  HeartbeatInterval: { min: 60, max: 3540, unit: 1 },
} as const;

export type SyncResponse = { status: number; limit?: number } | { collections: WbxmlElement[] };

/** The limit a device's hold broke, in the unit it used; undefined when it is in range. */
function holdLimit(request: SyncRequest): number | undefined {
  if (request.waitSeconds === undefined || !request.holdBy) return undefined;
  const range = HOLD_RANGE[request.holdBy];
  const value = request.waitSeconds / range.unit;
  if (value < range.min) return range.min;
  if (value > range.max) return range.max;
  return undefined;
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
  const limit = holdLimit(request);
  if (limit !== undefined) return { status: SYNC_STATUS.invalidWait, limit };
  const last = await lastRequest(context);
  const standsIn = request.empty || request.partial || request.collections.length === 0;
  if (standsIn && !last) return { status: SYNC_STATUS.incompleteRequest };
  const collections = merge(request, last);
  const remembered: RememberedRequest = {
    collections: collections.map(({ collectionId, options }) => ({ collectionId, options })),
    waitSeconds: request.waitSeconds ?? last?.waitSeconds,
    holdBy: request.holdBy ?? last?.holdBy,
  };
  // Written only when it differs: a device repeats the same request for every window.
  if (!request.empty && JSON.stringify(remembered) !== JSON.stringify(last))
    await rememberRequest(context, remembered);
  const { folders } = await context.services.hierarchy.folders(context.user.userPrincipalName);
  const answers: WbxmlElement[] = [];
  for (const collection of collections) {
    try {
      answers.push(await syncCollection(context, collection, folders));
    } catch (error) {
      if (!(error instanceof BusError) || !error.temporary) throw error;
      context.log.warn(
        { collectionId: collection.collectionId, reason: error.message },
        'Sync: retry',
      );
      answers.push(collectionStatus(collection.collectionId, SYNC_STATUS.retry));
    }
  }
  return { collections: answers };
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
    if ('collections' in response)
      return el(S, 'Sync', [el(S, 'Collections', response.collections)]);
    return el(S, 'Sync', [
      el(S, 'Status', String(response.status)),
      ...(response.limit === undefined ? [] : [el(S, 'Limit', String(response.limit))]),
    ]);
  },
};
