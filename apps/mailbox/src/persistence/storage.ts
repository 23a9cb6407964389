import type { RoleStorage } from '@mail/runtime';
import { Mailbox1764300000000 } from './migrations/1764300000000-mailbox';
import { SyncState1764400000000 } from '../sync-state/persistence/1764400000000-sync-state';
import { Search1764500000000 } from '../search/persistence/1764500000000-search';
import { BodyText1764600000000 } from '../search/persistence/1764600000000-body-text';
import { ItemClasses1764700000000 } from './migrations/1764700000000-item-classes';
import { Oof1764810000000 } from '../oof/persistence/1764810000000-oof';
import { ConversationIndex1764912000000 } from './migrations/1764912000000-conversation-index';
import { SyncStateFunctions1765200000000 } from '../sync-state/persistence/1765200000000-sync-state-functions';
import { SearchIndexLater1765300000000 } from '../search/persistence/1765300000000-search-index-later';
import { SearchIndexLocksItems1765700000000 } from '../search/persistence/1765700000000-search-index-locks-items';
import { Lz4Bodies1765400000000 } from './migrations/1765400000000-lz4-bodies';
import { DeliverFunction1765600000000 } from './migrations/1765600000000-deliver-function';
import { DeliverNoKeyLocks1765800000000 } from './migrations/1765800000000-deliver-no-key-locks';
import { FolderPage1766000000000 } from './migrations/1766000000000-folder-page';
import { DeliverGenericPlans1766200000000 } from './migrations/1766200000000-deliver-generic-plans';
import { SyncStateKeysCached1765500000000 } from '../sync-state/persistence/1765500000000-sync-state-keys-cached';

/** The mailbox role's schema: mailboxes, folders, items, the change journal, deliveries. */
export const mailboxStorage: RoleStorage = {
  schema: 'mailbox',
  entities: [],
  migrations: [
    Mailbox1764300000000,
    SyncState1764400000000,
    Search1764500000000,
    BodyText1764600000000,
    ItemClasses1764700000000,
    Oof1764810000000,
    ConversationIndex1764912000000,
    SyncStateFunctions1765200000000,
    SearchIndexLater1765300000000,
    Lz4Bodies1765400000000,
    SyncStateKeysCached1765500000000,
    DeliverFunction1765600000000,
    SearchIndexLocksItems1765700000000,
    DeliverNoKeyLocks1765800000000,
    FolderPage1766000000000,
    DeliverGenericPlans1766200000000,
  ],
};
