/**
 * The Search stores this server does not search (yet), each answered with a Store Status the
 * device understands, so it stops asking rather than retrying:
 * - DocumentLibrary: there is no document access (UNC or SharePoint links), so every link is
 *   refused as access denied (Status 5).
 * - Mailbox: the hook for the mailbox full-text search (libs/contracts SearchQuery does the
 *   work); until it is built here the store answers server error (Status 3), logged.
 */
import { SEARCH_STORE_STATUS, type StoreSearch } from './store-answer';

export const searchDocumentLibrary: StoreSearch = async () => ({
  status: SEARCH_STORE_STATUS.accessDenied,
});

export const searchMailboxStore: StoreSearch = async (_store, context) => {
  context.log.warn({ store: 'Mailbox' }, 'Search of the Mailbox store is not implemented yet');
  return { status: SEARCH_STORE_STATUS.serverError };
};
