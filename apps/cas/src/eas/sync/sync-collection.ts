/**
 * One collection of a Sync request against the device's two generations (DESIGN.md, "Sync
 * state"): SyncKey 0 primes it (key 1, no items; a second 0 simply primes again); the pending
 * key confirms the pending generation; the acknowledged key while a pending one exists means
 * the device lost the answer, which is sent again as it was; any other key is Status 3. Then
 * the device's commands, then the server's changes under the next key. Each answer is stored
 * with the key it carries, as the encoded Collection element, deflated: a window of 512
 * messages is megabytes of body text, written and read back on every request.
 */
import {
  ChangesListSubject,
  FOLDER_TYPE,
  SyncStateConfirm,
  SyncStateGet,
  SyncStatePropose,
  SYNC_STATE_LIMITS,
  type Folder,
  type SyncStateGenerations,
} from '@mail/contracts';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { decode, el, encodeReusable, type WbxmlElement } from '@mail/wbxml';
import type { EasContext } from '../command';
import { chooseBody, smimeBody } from '../email/email-policy';
import { applyClientCommands } from './client-commands';
import {
  decodeCollectionState,
  encodeCollectionState,
  type CollectionState,
} from './collection-state';
import { effectiveFilter, windowStart } from './filter-window';
import { withoutUncarriable } from './item-window';
import { readNextWindow, serverChanges } from './server-changes';
import { emailFilterType, type ClientCommand, type CollectionOptions } from './sync-request';

const S = 'AirSync';
/** MS-ASCMD 2.2.3.177.17. */
export const SYNC_STATUS = {
  success: 1,
  invalidSyncKey: 3,
  protocolError: 4,
  serverError: 5,
  conversionError: 6,
  conflict: 7,
  notFound: 8,
  hierarchyChanged: 12,
  incompleteRequest: 13,
  invalidWait: 14,
  retry: 16,
} as const;

/** Folders whose items are email. */
const MAIL_FOLDER_TYPES: readonly number[] = [
  FOLDER_TYPE.userGeneric,
  FOLDER_TYPE.inbox,
  FOLDER_TYPE.drafts,
  FOLDER_TYPE.deletedItems,
  FOLDER_TYPE.sentItems,
  FOLDER_TYPE.outbox,
  FOLDER_TYPE.userMail,
];
const SYNC_KEY = /^[1-9][0-9]{0,15}$/;

export interface CollectionRequest {
  collectionId: string;
  /** undefined: the latest key this device was given (an empty or Partial request). */
  syncKey?: string;
  options: CollectionOptions;
  commands: readonly ClientCommand[];
  /** Called when the answer gave the device the folder's whole journal (its quiet mark). */
  settle?: () => void;
}

const collectionElement = (
  syncKey: string,
  collectionId: string,
  status: number,
  rest: WbxmlElement[] = [],
) =>
  el(S, 'Collection', [
    el(S, 'SyncKey', syncKey),
    el(S, 'CollectionId', collectionId),
    el(S, 'Status', String(status)),
    ...rest,
  ]);

/**
 * The collection's element and its encoding, done once for a whole window: the answer stored
 * for a repeated key is these bytes, and the response copies them (encodeReusable). When it
 * fails, the items WBXML cannot carry are left out (item-window.ts) and it is encoded again.
 */
function encodedCollection(
  context: EasContext,
  syncKey: string,
  collectionId: string,
  rest: WbxmlElement[],
): { element: WbxmlElement; bytes: Uint8Array } {
  const element = collectionElement(syncKey, collectionId, SYNC_STATUS.success, rest);
  try {
    return encodeReusable(element);
  } catch {
    const kept = withoutUncarriable(context, rest);
    return encodeReusable(collectionElement(syncKey, collectionId, SYNC_STATUS.success, kept));
  }
}

export const collectionStatus = (collectionId: string, status: number, syncKey = '0') =>
  collectionElement(syncKey, collectionId, status);

/**
 * The SyncKey a device sent, as a number the mailbox may confirm; undefined for none, 0 or a
 * malformed key, and for a key past the contract's bound (16 digits may be), which is no key
 * we gave (Status 3).
 */
export function confirmable(syncKey: string | undefined): number | undefined {
  if (syncKey === undefined || !SYNC_KEY.test(syncKey)) return undefined;
  const key = Number(syncKey);
  return Number.isSafeInteger(key) ? key : undefined;
}

/**
 * `read`: the collection's generations when the caller has read them already, with its key
 * confirmed as this would (commands/sync.ts reads them with the device's remembered request),
 * and perhaps the journal after them.
 */
export async function syncCollection(
  context: EasContext,
  request: CollectionRequest,
  folders: readonly Folder[],
  read?: SyncStateGenerations,
): Promise<WbxmlElement> {
  const { collectionId, options } = request;
  const folder = folders.find((f) => f.id === collectionId);
  if (!folder) return collectionStatus(collectionId, SYNC_STATUS.hierarchyChanged);
  if (!MAIL_FOLDER_TYPES.includes(folder.type)) {
    context.log.info({ collectionId, type: folder.type }, 'Sync of a class not served yet');
    return collectionStatus(collectionId, SYNC_STATUS.protocolError);
  }
  const mailbox = context.user.userPrincipalName;
  const where = { mailbox, deviceId: context.device.id, collectionId };
  const filterType = effectiveFilter(emailFilterType(options.filterType), context.policy.settings);
  const { settings } = context.policy;
  const bodies = {
    body: chooseBody(options.email, context.version, settings),
    smime: smimeBody(options.email, context.version, settings),
  };
  const scope = { folderId: folder.id, filterType, windowSize: options.windowSize, bodies };

  if (request.syncKey === '0') {
    const journal = await context.bus.request(ChangesListSubject, {
      mailbox,
      folderId: folder.id,
      after: 0,
      window: 0,
    });
    const since = windowStart(filterType, context.services.now());
    const state: CollectionState = {
      filterType,
      since,
      fill: { since, cursor: null },
      held: new Set(),
    };
    // The device asks for the first window next: it is read meanwhile.
    return propose(context, where, 1, journal.latest, encodeCollectionState(state), [], () =>
      readNextWindow(context, scope, state, journal.latest),
    );
  }

  // A key the device sent is confirmed with the read when it is the pending one.
  const confirm = confirmable(request.syncKey);
  const { acknowledged, pending } =
    read ??
    (await context.bus.request(SyncStateGet, {
      ...where,
      ...(confirm === undefined ? {} : { confirm }),
    }));
  const syncKey = request.syncKey ?? String(pending?.key ?? acknowledged?.key ?? '');
  if (!SYNC_KEY.test(syncKey)) return collectionStatus(collectionId, SYNC_STATUS.invalidSyncKey);
  const key = Number(syncKey);
  let held: { changeNumber: number; data: string } | undefined;
  if (pending?.key === key) {
    // An empty or Partial request: the key it stands for is confirmed here.
    const confirmed = await context.bus.request(SyncStateConfirm, { ...where, key });
    if (confirmed.status === 'ok') held = pending.state;
  } else if (acknowledged?.key === key) {
    // The answer carrying the pending key never arrived: the same answer again.
    if (pending) {
      const answer = replayed(pending.answer);
      if (answer) return answer;
    } else held = acknowledged.state;
  }
  const state = held && decodeCollectionState(held.data);
  if (!held || !state) {
    context.log.info(
      { collectionId, syncKey, acknowledged: acknowledged?.key, pending: pending?.key },
      'unknown SyncKey',
    );
    return collectionStatus(collectionId, SYNC_STATUS.invalidSyncKey);
  }

  const responses = await applyClientCommands(
    context,
    request.commands,
    {
      folder,
      deletedItemsId: folders.find((f) => f.type === FOLDER_TYPE.deletedItems)?.id,
      deletesAsMoves: options.deletesAsMoves,
      bodies,
      serverChanged:
        options.serverWins && request.commands.some((c) => c.kind === 'change')
          ? await changedByOthers(context, folder.id, held.changeNumber)
          : new Set(),
    },
    state,
  );
  const changes = options.getChanges
    ? await serverChanges(
        context,
        scope,
        state,
        held.changeNumber,
        // Read with the state, before this request's commands added to the journal.
        request.commands.length ? undefined : read?.changes,
      )
    : { commands: [], changeNumber: held.changeNumber, more: false };

  const rest = [
    ...(changes.commands.length ? [el(S, 'Commands', changes.commands)] : []),
    ...(responses.length ? [el(S, 'Responses', responses)] : []),
    ...(changes.more ? [el(S, 'MoreAvailable')] : []),
  ];
  // Encoded once (10,000 held ids are 160 KB): a state decoded from what this code wrote
  // encodes to the same text again, so an equal text is an unchanged state.
  const data = encodeCollectionState(state);
  const unchanged =
    !changes.commands.length && changes.changeNumber === held.changeNumber && data === held.data;
  // The device is to hold every change of the folder: a Ping may take it as not behind.
  const settle = options.getChanges && !changes.more ? request.settle : undefined;
  // Nothing new for the device: the same key, and no state written.
  if (unchanged) {
    settle?.();
    return encodedCollection(context, syncKey, collectionId, rest).element;
  }
  // More to send: the next window is read while the device takes in this one, once stored.
  const readOn =
    options.getChanges && changes.more
      ? () => readNextWindow(context, scope, state, changes.changeNumber)
      : undefined;
  return propose(context, where, key + 1, changes.changeNumber, data, rest, settle ?? readOn);
}

/** Items others changed after `changeNumber` (the first journal window of them). */
async function changedByOthers(
  context: EasContext,
  folderId: string,
  changeNumber: number,
): Promise<Set<string>> {
  const journal = await context.bus.request(ChangesListSubject, {
    mailbox: context.user.userPrincipalName,
    folderId,
    after: changeNumber,
    window: 512,
  });
  return new Set(
    journal.changes.filter((c) => c.origin !== context.device.id).map((c) => c.itemId),
  );
}

/** The stored answer as it was sent; null when it cannot be read back (the device starts over). */
function replayed(answer: string): WbxmlElement | null {
  try {
    return decode(
      inflateRawSync(Buffer.from(answer, 'base64'), {
        maxOutputLength: SYNC_STATE_LIMITS.maxAnswerBytes * 8,
      }),
    );
  } catch {
    return null;
  }
}

async function propose(
  context: EasContext,
  where: { mailbox: string; deviceId: string; collectionId: string },
  key: number,
  changeNumber: number,
  data: string,
  rest: WbxmlElement[],
  stored?: () => void,
): Promise<WbxmlElement> {
  const { element, bytes } = encodedCollection(context, String(key), where.collectionId, rest);
  const reply = await context.bus.request(SyncStatePropose, {
    ...where,
    key,
    state: { changeNumber, data },
    answer: deflateRawSync(bytes, { level: 1 }).toString('base64'),
  });
  if (reply.status === 'ok') {
    stored?.();
    return element;
  }
  // Another request of this device moved its keys meanwhile: it must start over.
  context.log.info({ collectionId: where.collectionId, key }, 'SyncKey lost a race');
  return collectionStatus(where.collectionId, SYNC_STATUS.invalidSyncKey);
}
