/**
 * ItemOperations (MS-ASCMD 2.2.1.10): Fetch of mailbox items and attachments,
 * EmptyFolderContents and Move, each answered with its own Status in a Response grouped as
 * the schema orders it (Move, EmptyFolderContents, Fetch; request order within each). With
 * MS-ASAcceptMultiPart the answer is multipart: fetched data in parts beside the WBXML.
 * Statuses: 2.2.3.177.8 (item-operations/item-operations-status.ts).
 */
import { el, encode, type WbxmlElement } from '@mail/wbxml';
import { type EasCommand, type EasContext } from '../command';
import { emptyFolderContents } from '../item-operations/empty-folder';
import { fetchAttachment } from '../item-operations/fetch-attachment';
import { fetchItem } from '../item-operations/fetch-item';
import { parseItemOperations, type Operation } from '../item-operations/item-operations-request';
import { ITEM_OPERATIONS_STATUS as STATUS } from '../item-operations/item-operations-status';
import { moveConversation } from '../item-operations/move-conversation';
import { MULTIPART_CONTENT_TYPE, MultipartParts } from '../item-operations/multipart';
import { versionsFrom } from '../protocol';

const NS = 'ItemOperations';
/** The schema's order of results in Response. */
const ORDER = ['Move', 'EmptyFolderContents', 'Fetch'] as const;

export interface ItemOperationsResponse {
  results: WbxmlElement[];
  parts: MultipartParts | null;
}

function fetch(
  context: EasContext,
  operation: Extract<Operation, { op: 'Fetch' }>,
  parts: MultipartParts | null,
): Promise<WbxmlElement> | WbxmlElement {
  const status = (value: number) => el(NS, 'Fetch', [el(NS, 'Status', String(value))]);
  if (operation.store.toLowerCase() !== 'mailbox') return status(STATUS.unknownStore);
  const { target, options } = operation;
  if (!target) return status(STATUS.protocolError);
  if (target.kind !== 'attachment') return fetchItem(context, target, options, parts);
  if (options.range === null) return status(STATUS.badRange);
  return fetchAttachment(context, target.fileReference, options.range, parts);
}

function run(context: EasContext, operation: Operation, parts: MultipartParts | null) {
  if (operation.op === 'Fetch') return fetch(context, operation, parts);
  if (operation.op === 'EmptyFolderContents')
    return emptyFolderContents(context, operation.collectionId, operation.deleteSubFolders);
  return moveConversation(context, operation.conversationId, operation.dstFldId);
}

export const itemOperations: EasCommand<Operation[], ItemOperationsResponse> = {
  name: 'ItemOperations',
  versions: versionsFrom('12.0'),
  requiresPolicyKey: true,
  allowedWhenQuarantined: false,
  body: 'wbxml',
  root: { ns: NS, tag: 'ItemOperations' },
  protocolErrorStatus: STATUS.protocolError,
  serverErrorStatus: STATUS.serverError,
  parse: (body) => parseItemOperations(body),
  async handle(operations, context) {
    const parts = context.acceptMultiPart ? new MultipartParts() : null;
    // One after another: the parts are numbered in the order the data is added.
    const results: WbxmlElement[] = [];
    for (const operation of operations) results.push(await run(context, operation, parts));
    return { results, parts };
  },
  write({ results, parts }) {
    const grouped = ORDER.flatMap((tag) => results.filter((r) => r.tag === tag));
    const tree = el(NS, 'ItemOperations', [
      el(NS, 'Status', String(STATUS.success)),
      el(NS, 'Response', grouped),
    ]);
    if (!parts) return tree;
    return { contentType: MULTIPART_CONTENT_TYPE, bytes: parts.encode(encode(tree)) };
  },
};
