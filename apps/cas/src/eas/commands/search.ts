/**
 * Search (MS-ASCMD 2.2.1.16): one Store per request, searched by the store's own handler
 * (search/*-store.ts): GAL, Mailbox, DocumentLibrary. The top-level Status is 1 once the
 * request is understood (3 for a fault of ours); what went wrong with the store is the Store's
 * Status (2.2.3.177.13), a malformed request included (Store Status 2).
 */
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
import { searchGalStore } from '../search/gal-store';
import { searchDocumentLibrary } from '../search/document-library-store';
import { searchMailboxStore } from '../search/mailbox-store';
import { SEARCH_STORE_STATUS, type StoreAnswer, type StoreSearch } from '../search/store-answer';

const NS = 'Search';

/** The stores of 2.2.3.110.2 Name (Search), by the name a device sends (any letter case). */
const STORES: Record<string, StoreSearch> = {
  gal: searchGalStore,
  mailbox: searchMailboxStore,
  documentlibrary: searchDocumentLibrary,
};

export interface SearchRequest {
  search: StoreSearch | undefined;
  store: WbxmlElement;
}

function parse(body: WbxmlElement | Buffer | null): SearchRequest {
  const root = expectRoot(body, NS, 'Search');
  const stores = children(root).filter((c) => c.tag === 'Store');
  if (stores.length !== 1) throw new EasProtocolError('Search needs exactly one Store');
  const name = childText(stores[0], 'Name');
  if (name === undefined) throw new EasProtocolError('Store needs a Name');
  return { search: STORES[name.trim().toLowerCase()], store: stores[0] };
}

async function handle(request: SearchRequest, context: EasContext): Promise<StoreAnswer> {
  if (!request.search) return { status: SEARCH_STORE_STATUS.protocolError };
  return request.search(request.store, context);
}

function response(topStatus: number, store?: StoreAnswer): WbxmlElement {
  return el(NS, 'Search', [
    el(NS, 'Status', String(topStatus)),
    ...(store
      ? [
          el(NS, 'Response', [
            el(NS, 'Store', [
              el(NS, 'Status', String(store.status)),
              ...(store.results ?? []),
              ...(store.range === undefined ? [] : [el(NS, 'Range', store.range)]),
              ...(store.total === undefined ? [] : [el(NS, 'Total', String(store.total))]),
            ]),
          ]),
        ]
      : []),
  ]);
}

export const search: EasCommand<SearchRequest, StoreAnswer> = {
  name: 'Search',
  versions: versionsFrom('2.5'),
  requiresPolicyKey: true,
  allowedWhenQuarantined: false,
  body: 'wbxml',
  root: { ns: NS, tag: 'Search' },
  protocolErrorStatus: SEARCH_STORE_STATUS.protocolError,
  serverErrorStatus: SEARCH_STORE_STATUS.serverError,
  parse,
  handle,
  write: (store) => response(1, store),
  // A malformed request is the Store's Status 2; the Search Status itself is only 1 or 3, and
  // the common statuses (14.0+) stand alone.
  statusResponse: (status) =>
    status === SEARCH_STORE_STATUS.protocolError
      ? response(1, { status })
      : el(NS, 'Search', [el(NS, 'Status', String(status))]),
};
