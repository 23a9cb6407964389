/**
 * Find (MS-ASCMD 2.2.1.2, protocol 16.1): a GAL search (GalSearchCriterion: Query, Options with
 * Range and Picture) answered with gal:* properties, Range and Total. The mailbox criterion
 * (MailBoxSearchCriterion) is the hook for the mailbox search; until it is built here it is
 * refused as not implemented (HTTP 501), logged. Status (2.2.3.177.2): 1 success, 2 invalid
 * request (a malformed body, an empty or overlong Query, a Range that is not one).
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
import { EasError } from '../errors';
import { galProperties } from '../gal/gal-properties';
import { searchGal, type GalPage, type GalQuery } from '../gal/gal-search';
import { parsePictureOptions } from '../gal/picture-options';
import { answeredRange, parseGalRange } from '../gal/range';
import { versionsFrom } from '../protocol';
import { GAL_QUERY_MAX } from '../search/gal-store';

const NS = 'Find';
export const FIND_STATUS = { success: 1, invalidRequest: 2 } as const;

/** SearchId: the device's GUID for this search (2.2.3.161). */
const SEARCH_ID = /^[0-9A-Fa-f{}-]{1,40}$/;

export type FindRequest = { kind: 'gal'; query: GalQuery } | { kind: 'mailbox' };

function parse(body: WbxmlElement | Buffer | null): FindRequest {
  const root = expectRoot(body, NS, 'Find');
  const searchId = childText(root, 'SearchId');
  if (searchId === undefined || !SEARCH_ID.test(searchId.trim()))
    throw new EasProtocolError('Find needs a SearchId');
  const execute = children(root).find((c) => c.tag === 'ExecuteSearch');
  if (!execute) throw new EasProtocolError('Find needs an ExecuteSearch');
  if (children(execute).some((c) => c.tag === 'MailBoxSearchCriterion')) return { kind: 'mailbox' };
  const criterion = children(execute).find((c) => c.tag === 'GalSearchCriterion');
  if (!criterion) throw new EasProtocolError('ExecuteSearch needs a search criterion');
  const query = childText(criterion, 'Query')?.trim() ?? '';
  const options = children(criterion).find((c) => c.tag === 'Options');
  const range = parseGalRange(options && childText(options, 'Range'));
  if (query.length === 0 || query.length > GAL_QUERY_MAX || !range)
    throw new EasProtocolError('GalSearchCriterion needs a Query and a valid Range');
  return { kind: 'gal', query: { query, range, pictures: parsePictureOptions(options) } };
}

async function handle(request: FindRequest, context: EasContext): Promise<GalPage> {
  if (request.kind === 'mailbox') {
    context.log.warn('Find over the mailbox is not implemented yet');
    throw new EasError('command-not-implemented', 'Find over the mailbox is not implemented yet');
  }
  return searchGal(context, request.query);
}

function write(page: GalPage): WbxmlElement {
  const range = answeredRange(page.start, page.entries.length);
  return el(NS, 'Find', [
    el(NS, 'Status', '1'),
    el(NS, 'Response', [
      el('ItemOperations', 'Store', 'GAL'),
      el(NS, 'Status', '1'),
      ...page.entries.map(({ entry, picture }) =>
        el(NS, 'Result', [el(NS, 'Properties', galProperties(entry, picture))]),
      ),
      ...(range === undefined ? [] : [el(NS, 'Range', range)]),
      el(NS, 'Total', String(page.total)),
    ]),
  ]);
}

export const find: EasCommand<FindRequest, GalPage> = {
  name: 'Find',
  versions: versionsFrom('16.1'),
  requiresPolicyKey: true,
  allowedWhenQuarantined: false,
  body: 'wbxml',
  root: { ns: NS, tag: 'Find' },
  protocolErrorStatus: FIND_STATUS.invalidRequest,
  parse,
  handle,
  write,
};
