/**
 * Search in the Mailbox store (MS-ASCMD 2.2.1.16, 12.0+): the Query and Options read by
 * mailbox-query.ts, one page searched by mailbox-search.ts, each email shown as Sync shows it
 * (email/render-email.ts, with BodyPreference / MIMESupport and the policy enforced) in a
 * Result with its Class, LongId (search/long-id.ts, what ItemOperations Fetch takes) and
 * CollectionId. BodyPartPreference and RightsManagementSupport are not served and so ignored.
 * A refused query is the Store's Status (2.2.3.177.13).
 */
import { el } from '@mail/wbxml';
import { children } from '../command';
import { readEmailOptions } from '../email/email-options';
import { chooseBody } from '../email/email-policy';
import { emailApplicationData } from '../email/render-email';
import { answeredRange } from '../gal/range';
import { atLeast } from '../protocol';
import { encodeLongId } from '../item-id';
import {
  readMailboxQuery,
  readSearchOptions,
  SearchRefusal,
  type RefusalReason,
} from './mailbox-query';
import { searchMailbox } from './mailbox-search';
import { SEARCH_STORE_STATUS, type StoreSearch } from './store-answer';

const REFUSAL_STATUS: Record<RefusalReason, number> = {
  invalid: SEARCH_STORE_STATUS.protocolError,
  'too-complex': SEARCH_STORE_STATUS.tooComplex,
  'unknown-folder': SEARCH_STORE_STATUS.folderSyncRequired,
  'timed-out': SEARCH_STORE_STATUS.timedOut,
};

export const searchMailboxStore: StoreSearch = async (store, context) => {
  // FreeText and the other mailbox conditions exist from 12.0 on.
  if (!atLeast(context.version, '12.0')) {
    context.log.info({ store: 'Mailbox' }, 'mailbox Search needs protocol 12.0 or later');
    return { status: SEARCH_STORE_STATUS.protocolError };
  }
  const options = children(store).find((c) => c.tag === 'Options');
  const settings = context.policy.settings;
  try {
    const query = readMailboxQuery(children(store).find((c) => c.tag === 'Query'));
    const searchOptions = readSearchOptions(options);
    const body = chooseBody(readEmailOptions(options), context.version, settings);
    const page = await searchMailbox(context, query, searchOptions, {
      body: {
        type: body.type,
        ...(body.truncateBytes === undefined ? {} : { truncateBytes: body.truncateBytes }),
      },
      attachments: settings.AttachmentsEnabled !== false,
    });
    const results = page.items.map((item) =>
      el('Search', 'Result', [
        el('AirSync', 'Class', item.class),
        el('Search', 'LongId', encodeLongId(item.itemId)),
        el('AirSync', 'CollectionId', item.folderId),
        el(
          'Search',
          'Properties',
          emailApplicationData(item, { version: context.version, settings, body }),
        ),
      ]),
    );
    return {
      status: SEARCH_STORE_STATUS.success,
      results,
      range: answeredRange(page.start, results.length),
      total: page.total,
    };
  } catch (error) {
    if (!(error instanceof SearchRefusal)) throw error;
    context.log.info(
      { store: 'Mailbox', refused: error.reason, reason: error.message },
      'Search refused',
    );
    return { status: REFUSAL_STATUS[error.reason] };
  }
};
