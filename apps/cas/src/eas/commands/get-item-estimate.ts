/**
 * GetItemEstimate (MS-ASCMD 2.2.1.9): how many changes a Sync of each collection would bring,
 * from the state under the device's SyncKey: the distinct items others changed in the journal
 * since that state, plus what the first fill has still to list.
 * Statuses (2.2.3.177.6): 1 success, 2 invalid collection, 3 sync state not primed (SyncKey 0),
 * 4 invalid SyncKey; a malformed request is answered with 2.
 */
import { ChangesListSubject, ItemList, SyncStateGet, type Folder } from '@mail/contracts';
import { el, type WbxmlElement } from '@mail/wbxml';
import {
  children,
  childText,
  EasProtocolError,
  expectRoot,
  type EasCommand,
  type EasContext,
} from '../command';
import { versionsFrom } from '../protocol';
import { decodeCollectionState } from '../sync/collection-state';
import { MAX_SYNC_COLLECTIONS } from '../sync/sync-request';

const NS = 'GetItemEstimate';
export const GET_ITEM_ESTIMATE_STATUS = {
  success: 1,
  invalidCollection: 2,
  notPrimed: 3,
  invalidSyncKey: 4,
} as const;
const SYNC_KEY = /^[1-9][0-9]{0,15}$/;
/** Journal entries read to count distinct items; past them each entry counts as one. */
const JOURNAL_WINDOW = 512;

export interface EstimateRequest {
  collections: Array<{ collectionId: string; syncKey: string }>;
}
export type EstimateResponse = Array<{ collectionId: string; status: number; estimate?: number }>;

function parse(body: WbxmlElement | Buffer | null): EstimateRequest {
  const root = expectRoot(body, NS, 'GetItemEstimate');
  const list = children(children(root).find((c) => c.tag === 'Collections') ?? root);
  const collections = list.filter((c) => c.tag === 'Collection');
  if (!collections.length || collections.length > MAX_SYNC_COLLECTIONS)
    throw new EasProtocolError(`give 1 to ${MAX_SYNC_COLLECTIONS} Collection elements`);
  return {
    collections: collections.map((c) => {
      const collectionId = childText(c, 'CollectionId');
      // 2.5 devices have no SyncKey here: they ask about the state they hold.
      const syncKey = childText(c, 'SyncKey') ?? '';
      if (!collectionId || collectionId.length > 64 || syncKey.length > 64)
        throw new EasProtocolError('Collection needs a CollectionId of at most 64 characters');
      return { collectionId, syncKey };
    }),
  };
}

async function estimate(
  context: EasContext,
  folders: readonly Folder[],
  collectionId: string,
  syncKey: string,
): Promise<EstimateResponse[number]> {
  const mailbox = context.user.userPrincipalName;
  if (!folders.some((f) => f.id === collectionId))
    return { collectionId, status: GET_ITEM_ESTIMATE_STATUS.invalidCollection };
  if (syncKey === '0') return { collectionId, status: GET_ITEM_ESTIMATE_STATUS.notPrimed };
  const { acknowledged, pending } = await context.bus.request(SyncStateGet, {
    mailbox,
    deviceId: context.device.id,
    collectionId,
  });
  const key = syncKey === '' ? (pending?.key ?? acknowledged?.key) : Number(syncKey);
  const generation = [pending, acknowledged].find((g) => g && g.key === key);
  if (syncKey === '' && !generation)
    return { collectionId, status: GET_ITEM_ESTIMATE_STATUS.notPrimed };
  const state = generation && decodeCollectionState(generation.state.data);
  if (!(syncKey === '' || SYNC_KEY.test(syncKey)) || !generation || !state)
    return { collectionId, status: GET_ITEM_ESTIMATE_STATUS.invalidSyncKey };
  const journal = await context.bus.request(ChangesListSubject, {
    mailbox,
    folderId: collectionId,
    after: generation.state.changeNumber,
    window: JOURNAL_WINDOW,
  });
  // Distinct items others changed; while the fill lists the window, new items are counted there.
  const changed = new Set(
    journal.changes
      .filter((c) => c.origin !== context.device.id)
      .filter((c) => state.held.has(c.itemId) || !state.fill)
      .map((c) => c.itemId),
  );
  let toList = 0;
  if (state.fill) {
    const listing = await context.bus.request(ItemList, {
      mailbox,
      folderId: collectionId,
      since: state.fill.since ?? undefined,
      limit: 1,
      count: true,
    });
    toList = Math.max(0, (listing.total ?? 0) - state.held.size);
  }
  // Past the window read, an entry is one more item, unless the fill lists new items anyway.
  const count = changed.size + (state.fill ? 0 : journal.remaining) + toList;
  return {
    collectionId,
    status: GET_ITEM_ESTIMATE_STATUS.success,
    estimate: count,
  };
}

export const getItemEstimate: EasCommand<EstimateRequest, EstimateResponse> = {
  name: 'GetItemEstimate',
  versions: versionsFrom('2.5'),
  requiresPolicyKey: true,
  allowedWhenQuarantined: false,
  body: 'wbxml',
  root: { ns: NS, tag: 'GetItemEstimate' },
  protocolErrorStatus: GET_ITEM_ESTIMATE_STATUS.invalidCollection,
  parse,
  async handle(request, context) {
    const { folders } = await context.services.hierarchy.folders(context.user.userPrincipalName);
    const answers: EstimateResponse = [];
    for (const { collectionId, syncKey } of request.collections)
      answers.push(await estimate(context, folders, collectionId, syncKey));
    return answers;
  },
  write: (response) =>
    el(
      NS,
      'GetItemEstimate',
      response.map((r) =>
        el(NS, 'Response', [
          el(NS, 'Status', String(r.status)),
          el(NS, 'Collection', [
            el(NS, 'CollectionId', r.collectionId),
            ...(r.estimate === undefined ? [] : [el(NS, 'Estimate', String(r.estimate))]),
          ]),
        ]),
      ),
    ),
};
