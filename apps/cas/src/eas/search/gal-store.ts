/**
 * Search in the GAL store: Query is the text names or addresses start with, Options may carry
 * a Range and (14.1+) Picture. A Query that is empty or longer than the directory accepts, or
 * a Range that is not one, is the store's protocol error (Status 2).
 */
import { el } from '@mail/wbxml';
import { children, childText } from '../command';
import { galProperties } from '../gal/gal-properties';
import { searchGal } from '../gal/gal-search';
import { parsePictureOptions } from '../gal/picture-options';
import { answeredRange, parseGalRange } from '../gal/range';
import { SEARCH_STORE_STATUS, type StoreSearch } from './store-answer';

/** What the directory accepts as a GAL query (libs/contracts GalSearchRequest). */
export const GAL_QUERY_MAX = 256;

export const searchGalStore: StoreSearch = async (store, context) => {
  const query = childText(store, 'Query')?.trim() ?? '';
  const options = children(store).find((c) => c.tag === 'Options');
  const range = parseGalRange(options && childText(options, 'Range'));
  if (query.length === 0 || query.length > GAL_QUERY_MAX || !range)
    return { status: SEARCH_STORE_STATUS.protocolError };
  const page = await searchGal(context, {
    query,
    range,
    pictures: parsePictureOptions(options),
  });
  return {
    status: SEARCH_STORE_STATUS.success,
    results: page.entries.map(({ entry, picture }) =>
      el('Search', 'Result', [el('Search', 'Properties', galProperties(entry, picture))]),
    ),
    range: answeredRange(page.start, page.entries.length),
    total: page.total,
  };
};
