/**
 * What changed on the server for one device and collection, at most a window of it
 * (MS-ASCMD 2.2.3.199 WindowSize): first SoftDeletes of items that left the filter window,
 * then the journal since the acknowledged change number (Adds, Changes, Deletes, collapsed
 * per item; the device's own changes only update what it holds), then the listing still to
 * send (the first fill of the collection, or a wider filter), newest first. The cost is the
 * changes and the window, never the folder's size.
 */
import {
  ChangesListSubject,
  ItemList,
  LIST_MAX_ITEMS,
  type ChangeKind,
  type ChangesList,
  type FetchedItem,
  type ItemListReply,
} from '@mail/contracts';
import { el, type WbxmlElement } from '@mail/wbxml';
import type { EasContext } from '../command';
import type { CollectionState, Fill } from './collection-state';
import { inWindow, windowStart } from './filter-window';
import { addElement, changeElement, fetchItems, type BodyChoices } from './item-window';

const S = 'AirSync';

export interface ServerWindow {
  commands: WbxmlElement[];
  changeNumber: number;
  /** More changes wait than the window held. */
  more: boolean;
}

export interface Scope {
  folderId: string;
  filterType: number;
  windowSize: number;
  bodies: BodyChoices;
}

const gone = (kind: ChangeKind) => kind === 'delete' || kind === 'move-out';

/** Held items received before the window's new start: SoftDelete, up to `budget`. */
async function softDeletes(
  context: EasContext,
  scope: Scope,
  state: CollectionState,
  since: string,
  budget: number,
): Promise<{ ids: string[]; done: boolean }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await context.bus.request(ItemList, {
      mailbox: context.user.userPrincipalName,
      folderId: scope.folderId,
      since: state.since ?? undefined,
      before: since,
      cursor,
      limit: LIST_MAX_ITEMS,
    });
    for (const item of page.items) {
      if (!state.held.has(item.itemId)) continue;
      if (ids.length === budget) return { ids, done: false };
      ids.push(item.itemId);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { ids, done: true };
}

/** Moves the state to the device's (possibly new) filter; SoftDeletes for what left it. */
async function followFilter(
  context: EasContext,
  scope: Scope,
  state: CollectionState,
  commands: WbxmlElement[],
): Promise<boolean> {
  const since = windowStart(scope.filterType, context.services.now());
  if (since === state.since) {
    state.filterType = scope.filterType;
    return true;
  }
  const wider = since === null || (state.since !== null && since < state.since);
  if (wider) {
    // List the whole new window again; what the device holds is not sent twice.
    state.fill = { since, cursor: null };
  } else {
    const result = await softDeletes(context, scope, state, since, scope.windowSize);
    for (const id of result.ids) {
      state.held.delete(id);
      commands.push(el(S, 'SoftDelete', [el(S, 'ServerId', id)]));
    }
    if (!result.done) return false;
    if (state.fill) state.fill.since = since;
  }
  state.since = since;
  state.filterType = scope.filterType;
  return true;
}

/**
 * The journal read with the sync state (`read`), as a request for `window` entries after
 * `after` would answer; undefined when it was read after another number or holds too few.
 */
export function journalWindow(
  read: (ChangesList & { after: number }) | undefined,
  after: number,
  window: number,
): ChangesList | undefined {
  if (!read || read.after !== after) return undefined;
  if (read.changes.length < window && read.remaining > 0) return undefined;
  const changes = read.changes.slice(0, window);
  // Numbers have no gaps (as the mailbox counts what remains).
  return {
    changes,
    latest: read.latest,
    remaining: read.latest - (changes.at(-1)?.changeNumber ?? after),
  };
}

export async function serverChanges(
  context: EasContext,
  scope: Scope,
  state: CollectionState,
  changeNumber: number,
  read?: ChangesList & { after: number; items?: FetchedItem[] },
): Promise<ServerWindow> {
  const mailbox = context.user.userPrincipalName;
  const madeAt = changeNumber;
  const commands: WbxmlElement[] = [];
  const filterDone = await followFilter(context, scope, state, commands);
  let budget = scope.windowSize - commands.length;

  // The journal, collapsed to each item's last change not made by this device.
  const last = new Map<string, ChangeKind>();
  let more = !filterDone;
  let prefetched: FetchedItem[] | undefined;
  // Nothing in the folder changed since the window the device holds was made.
  let quiet = false;
  if (budget > 0) {
    const window = Math.min(budget, 512);
    const readWindow = journalWindow(read, changeNumber, window);
    // The items read with that journal serve only with it.
    if (readWindow) prefetched = read?.items;
    const journal =
      readWindow ??
      (await context.bus.request(ChangesListSubject, {
        mailbox,
        folderId: scope.folderId,
        after: changeNumber,
        window,
      }));
    for (const entry of journal.changes) {
      if (entry.origin === context.device.id) {
        if (gone(entry.kind)) state.held.delete(entry.itemId);
        else if (entry.kind !== 'change') state.held.add(entry.itemId);
        last.delete(entry.itemId);
      } else last.set(entry.itemId, entry.kind);
    }
    changeNumber =
      journal.remaining === 0
        ? journal.latest
        : (journal.changes.at(-1)?.changeNumber ?? changeNumber);
    more ||= journal.remaining > 0;
    quiet = journal.changes.length === 0 && journal.latest === madeAt;
  } else more = true;

  const deletes: string[] = [];
  const present: string[] = [];
  for (const [id, kind] of last) {
    if (!gone(kind)) present.push(id);
    else if (state.held.delete(id)) deletes.push(id);
  }
  budget -= deletes.length + present.length;

  // Items read ahead serve only a window of the fill made from where they were read, and only
  // when the folder did not change since (read-ahead.ts). Taken either way: a window they do
  // not serve frees their place.
  if (state.fill) {
    const ahead = context.services.readAhead.take(collectionOf(context, scope.folderId), {
      ...state.fill,
      changeNumber: madeAt,
      select: selectOf(scope.bodies),
    });
    if (ahead && quiet) prefetched = [...(prefetched ?? []), ...(await ahead)];
  }
  // The listing still to send fills what the window has left.
  const fill = state.fill
    ? await listFill(
        context,
        scope.folderId,
        state.fill,
        budget,
        (id) => state.held.has(id) || last.has(id),
      )
    : { ids: [], next: null };
  const listed = fill.ids;
  state.fill = fill.next;
  more ||= state.fill !== null;

  const changed = present.filter((id) => state.held.has(id));
  const added = [...present.filter((id) => !state.held.has(id)), ...listed];
  const [adds, changes] = await Promise.all([
    added.length ? fetchItems(context, added, scope.bodies, prefetched) : new Map(),
    changed.length ? fetchItems(context, changed, null, prefetched) : new Map(),
  ]);
  for (const id of deletes) commands.push(el(S, 'Delete', [el(S, 'ServerId', id)]));
  for (const id of changed) {
    const item = changes.get(id);
    const element = item && item.folderId === scope.folderId && changeElement(context, item);
    if (element) commands.push(element);
  }
  for (const id of added) {
    const item = adds.get(id);
    if (!item || item.folderId !== scope.folderId) continue;
    if (!item.headers || !inWindow(state.since, item.headers.dateReceived)) continue;
    // Held even when it cannot be rendered: it is not offered again on every request.
    state.held.add(id);
    const element = addElement(context, item, scope.bodies);
    if (element) commands.push(element);
  }
  return { commands, changeNumber, more };
}

/**
 * Starts reading the window after one the device is being given (read-ahead.ts), when that
 * window left the fill unfinished; `state` is the state the answer carries.
 */
export function readNextWindow(
  context: EasContext,
  scope: Scope,
  state: CollectionState,
  changeNumber: number,
): void {
  const fill = state.fill;
  if (!fill) return;
  context.services.readAhead.start(
    collectionOf(context, scope.folderId),
    { ...fill, changeNumber, select: selectOf(scope.bodies) },
    async () => {
      const { ids } = await listFill(context, scope.folderId, fill, scope.windowSize, (id) =>
        state.held.has(id),
      );
      return [...(await fetchItems(context, ids, scope.bodies)).values()];
    },
  );
}

/** The fill's next ids from `fill`, up to `budget`, without those `skip` names; and where it goes on. */
async function listFill(
  context: EasContext,
  folderId: string,
  fill: Fill,
  budget: number,
  skip: (itemId: string) => boolean,
): Promise<{ ids: string[]; next: Fill | null }> {
  const ids: string[] = [];
  let next: Fill | null = fill;
  while (next && budget - ids.length > 0) {
    const page: ItemListReply = await context.bus.request(ItemList, {
      mailbox: context.user.userPrincipalName,
      folderId,
      since: next.since ?? undefined,
      cursor: next.cursor ?? undefined,
      limit: Math.min(budget - ids.length, LIST_MAX_ITEMS),
    });
    for (const item of page.items) if (!skip(item.itemId)) ids.push(item.itemId);
    next = page.nextCursor ? { ...next, cursor: page.nextCursor } : null;
  }
  return { ids, next };
}

const collectionOf = (context: EasContext, folderId: string) =>
  `${context.user.userPrincipalName}\n${context.device.id}\n${folderId}`;
const selectOf = (bodies: BodyChoices) => JSON.stringify(bodies);
