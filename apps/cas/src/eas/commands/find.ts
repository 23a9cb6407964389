/**
 * Find (MS-ASCMD 2.2.1.2, protocol 16.1): a GAL search (GalSearchCriterion: Query, Options with
 * Range and Picture) answered with gal:* properties, or a mailbox search (MailBoxSearchCriterion,
 * search/find-mailbox.ts) answered with the found emails; both with Range and Total.
 * Status (2.2.3.177.2): 1 success, 2 invalid request (a malformed body, an empty or overlong
 * Query, a Range that is not one, a query we cannot run), 3 FolderSync required (a CollectionId
 * the mailbox does not have).
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
import {
  findMailboxResults,
  readFindCriterion,
  type FindMailboxRequest,
} from '../search/find-mailbox';
import { GAL_QUERY_MAX } from '../search/gal-store';
import { SearchRefusal } from '../search/mailbox-query';
import { searchMailbox } from '../search/mailbox-search';

const NS = 'Find';
export const FIND_STATUS = { success: 1, invalidRequest: 2, folderSyncRequired: 3 } as const;

/** SearchId: the device's GUID for this search (2.2.3.161). */
const SEARCH_ID = /^[0-9A-Fa-f{}-]{1,40}$/;

export type FindRequest =
  { kind: 'gal'; query: GalQuery } | ({ kind: 'mailbox' } & FindMailboxRequest);

type FindAnswer =
  | { kind: 'gal'; page: GalPage }
  | { kind: 'mailbox'; results: WbxmlElement[]; start: number; total: number }
  | { kind: 'refused'; status: number };

/** How a refused mailbox search reaches the device (a mailbox gone quiet is HTTP 503). */
function refusedStatus(refusal: SearchRefusal): number {
  if (refusal.reason === 'unknown-folder') return FIND_STATUS.folderSyncRequired;
  if (refusal.reason === 'timed-out') throw new EasError('role-unavailable', refusal.message);
  return FIND_STATUS.invalidRequest;
}

function parse(body: WbxmlElement | Buffer | null): FindRequest {
  const root = expectRoot(body, NS, 'Find');
  const searchId = childText(root, 'SearchId');
  if (searchId === undefined || !SEARCH_ID.test(searchId.trim()))
    throw new EasProtocolError('Find needs a SearchId');
  const execute = children(root).find((c) => c.tag === 'ExecuteSearch');
  if (!execute) throw new EasProtocolError('Find needs an ExecuteSearch');
  const mailbox = children(execute).find((c) => c.tag === 'MailBoxSearchCriterion');
  if (mailbox) {
    try {
      return { kind: 'mailbox', ...readFindCriterion(mailbox) };
    } catch (error) {
      if (error instanceof SearchRefusal) throw new EasProtocolError(error.message);
      throw error;
    }
  }
  const criterion = children(execute).find((c) => c.tag === 'GalSearchCriterion');
  if (!criterion) throw new EasProtocolError('ExecuteSearch needs a search criterion');
  const query = childText(criterion, 'Query')?.trim() ?? '';
  const options = children(criterion).find((c) => c.tag === 'Options');
  const range = parseGalRange(options && childText(options, 'Range'));
  if (query.length === 0 || query.length > GAL_QUERY_MAX || !range)
    throw new EasProtocolError('GalSearchCriterion needs a Query and a valid Range');
  return { kind: 'gal', query: { query, range, pictures: parsePictureOptions(options) } };
}

async function handle(request: FindRequest, context: EasContext): Promise<FindAnswer> {
  if (request.kind === 'gal') return { kind: 'gal', page: await searchGal(context, request.query) };
  try {
    const page = await searchMailbox(context, request.query, request.options, {
      attachments: true,
    });
    const results = findMailboxResults(page, context);
    return { kind: 'mailbox', results, start: page.start, total: page.total };
  } catch (error) {
    if (!(error instanceof SearchRefusal)) throw error;
    context.log.info({ refused: error.reason, reason: error.message }, 'Find refused');
    return { kind: 'refused', status: refusedStatus(error) };
  }
}

function response(store: string, results: WbxmlElement[], start: number, total: number) {
  const range = answeredRange(start, results.length);
  return el(NS, 'Find', [
    el(NS, 'Status', '1'),
    el(NS, 'Response', [
      el('ItemOperations', 'Store', store),
      el(NS, 'Status', '1'),
      ...results,
      ...(range === undefined ? [] : [el(NS, 'Range', range)]),
      el(NS, 'Total', String(total)),
    ]),
  ]);
}

function write(answer: FindAnswer): WbxmlElement {
  if (answer.kind === 'refused') return el(NS, 'Find', [el(NS, 'Status', String(answer.status))]);
  if (answer.kind === 'mailbox')
    return response('Mailbox', answer.results, answer.start, answer.total);
  const { page } = answer;
  return response(
    'GAL',
    page.entries.map(({ entry, picture }) =>
      el(NS, 'Result', [el(NS, 'Properties', galProperties(entry, picture))]),
    ),
    page.start,
    page.total,
  );
}

export const find: EasCommand<FindRequest, FindAnswer> = {
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
