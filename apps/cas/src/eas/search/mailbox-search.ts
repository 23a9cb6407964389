/**
 * One page of a mailbox search, for Search (Mailbox store) and Find alike: the folders the
 * query names (with all their subfolders under DeepTraversal; none named: the whole mailbox),
 * the mailbox role's full-text search (libs/contracts SearchQuery) for the page, then the
 * page's items fetched as the answer needs them. Only the signed-in user's mailbox is ever
 * searched, so another user's mail is never found. Results are email only: email is the class
 * the answers can show (a query for other classes alone finds nothing).
 * RebuildResults needs nothing: no result set is kept between requests.
 */
import {
  ItemFetch,
  SEARCH_CLASSES,
  SearchQuery,
  type BodyType,
  type FetchedItem,
  type Folder,
} from '@mail/contracts';
import { BusError } from '@mail/runtime';
import type { EasContext } from '../command';
import { EAS_LIMITS } from '../limits';
import { SearchRefusal, type MailboxQuery, type MailboxSearchOptions } from './mailbox-query';

type SearchClass = (typeof SEARCH_CLASSES)[number];
const SEARCHED_CLASSES: readonly SearchClass[] = ['Email'];

/** What to fetch of each found item (libs/contracts FetchSelector). */
export interface ResultSelector {
  body?: { type: BodyType; truncateBytes?: number };
  attachments: boolean;
}

export interface MailboxPage {
  start: number;
  /** Every match, not only this page's. */
  total: number;
  /** The page's items, best match first, with their headers. */
  items: FetchedItem[];
  /** The mailbox's folders, as the search saw them. */
  folders: readonly Folder[];
}

/** The named folders and, under DeepTraversal, every folder below them. */
function withSubfolders(folders: readonly Folder[], ids: readonly string[]): string[] {
  const found = new Set(ids);
  for (let grew = true; grew;) {
    grew = false;
    for (const folder of folders)
      if (folder.parentId !== null && found.has(folder.parentId) && !found.has(folder.id)) {
        found.add(folder.id);
        grew = true;
      }
  }
  return [...found];
}

/** The folders to search (undefined: all); a folder the mailbox does not have is refused. */
async function folderScope(
  context: EasContext,
  query: MailboxQuery,
  deepTraversal: boolean,
): Promise<{ folders: readonly Folder[]; folderIds?: string[] }> {
  const mailbox = context.user.userPrincipalName;
  const ids = [...new Set(query.collectionIds.map((id) => id.toLowerCase()))];
  let { folders } = await context.services.hierarchy.folders(mailbox);
  const unknown = () => ids.some((id) => !folders.some((f) => f.id === id));
  // A folder made a moment ago through another CAS may not be in the cached list yet.
  if (unknown()) ({ folders } = await context.services.hierarchy.folders(mailbox, true));
  if (unknown()) throw new SearchRefusal('unknown-folder', 'a CollectionId names no folder');
  if (!ids.length) return { folders };
  const folderIds = deepTraversal ? withSubfolders(folders, ids) : ids;
  if (folderIds.length > EAS_LIMITS.mailboxSearch.maxFolders)
    throw new SearchRefusal('too-complex', `more than ${folderIds.length} folders to search`);
  return { folders, folderIds };
}

/** The mailbox's refusals as the device's: a folder gone meanwhile, or no answer in time. */
function refusalOf(error: unknown): never {
  if (error instanceof BusError && error.code === 'not-found')
    throw new SearchRefusal('unknown-folder', error.message);
  if (error instanceof BusError && error.code === 'bad-request')
    throw new SearchRefusal('invalid', error.message);
  if (error instanceof BusError && error.temporary)
    throw new SearchRefusal('timed-out', error.message);
  throw error;
}

export async function searchMailbox(
  context: EasContext,
  query: MailboxQuery,
  options: MailboxSearchOptions,
  select: ResultSelector,
): Promise<MailboxPage> {
  const { range } = options;
  const { folders, folderIds } = await folderScope(context, query, options.deepTraversal);
  const classes = SEARCHED_CLASSES.filter((c) => !query.classes || query.classes.includes(c));
  const nothing = { start: range.start, total: 0, items: [], folders };
  if (!classes.length) return nothing;
  if (query.receivedAfter && query.receivedBefore && query.receivedAfter >= query.receivedBefore)
    return nothing;
  const mailbox = context.user.userPrincipalName;
  const found = await context.bus
    .request(SearchQuery, {
      mailbox,
      ...(query.freeText === undefined ? {} : { query: query.freeText }),
      ...(query.conversationId === undefined ? {} : { conversationId: query.conversationId }),
      ...(folderIds ? { folderIds } : {}),
      classes,
      ...(query.receivedAfter ? { receivedAfter: query.receivedAfter } : {}),
      ...(query.receivedBefore ? { receivedBefore: query.receivedBefore } : {}),
      range,
    })
    .catch(refusalOf);
  if (!found.results.length) return { ...nothing, total: found.total };
  const order = new Map(found.results.map((r, index) => [r.itemId, index]));
  const fetched: FetchedItem[] = [];
  // A page of large bodies comes in several replies (the mailbox defers what does not fit).
  for (let ids = [...order.keys()]; ids.length;) {
    const reply = await context.bus.request(ItemFetch, {
      mailbox,
      itemIds: ids,
      select: { properties: true, ...select },
    });
    fetched.push(...reply.items);
    ids = reply.items.length ? reply.deferred : [];
  }
  // An item deleted between the search and the fetch is left out.
  const items = fetched
    .filter((item) => item.class === 'Email' && item.headers)
    .sort((a, b) => order.get(a.itemId)! - order.get(b.itemId)!);
  return { start: range.start, total: found.total, items, folders };
}
