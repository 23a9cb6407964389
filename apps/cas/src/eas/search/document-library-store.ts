/**
 * The Search store this server does not search, answered with a Store Status the device
 * understands, so it stops asking rather than retrying: DocumentLibrary. There is no document
 * access (UNC or SharePoint links), so every link is refused as access denied (Status 5).
 */
import { SEARCH_STORE_STATUS, type StoreSearch } from './store-answer';

export const searchDocumentLibrary: StoreSearch = async () => ({
  status: SEARCH_STORE_STATUS.accessDenied,
});
