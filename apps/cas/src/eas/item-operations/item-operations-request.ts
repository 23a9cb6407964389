/**
 * The ItemOperations request (MS-ASCMD 2.2.1.10): Fetch (of a mailbox item by CollectionId
 * and ServerId or by LongId, or of an attachment by FileReference, with Options),
 * EmptyFolderContents (with DeleteSubFolders) and Move (a conversation to a folder), in any
 * number and order up to a bound.
 */
import type { WbxmlElement } from '@mail/wbxml';
import { EasProtocolError, children, childText, expectRoot } from '../command';
import { readEmailOptions, type EmailOptions } from '../email/email-options';
import { EAS_LIMITS } from '../limits';

const NS = 'ItemOperations';

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

export interface FetchOptions {
  /** BodyPreference and MIMESupport, read as Sync reads them. */
  email: EmailOptions;
  /** Undefined: the whole thing. Null: a Range that is not one (status 8). */
  range?: ByteRange | null;
}

export type FetchTarget =
  | { kind: 'attachment'; fileReference: string }
  | { kind: 'item'; collectionId: string; serverId: string }
  | { kind: 'long-id'; longId: string };

export type Operation =
  | { op: 'Fetch'; store: string; target: FetchTarget | null; options: FetchOptions }
  | { op: 'EmptyFolderContents'; collectionId: string; deleteSubFolders: boolean }
  | { op: 'Move'; conversationId: Uint8Array; dstFldId: string; moveAlways: boolean };

function ownText(element: WbxmlElement): string {
  if (element.content === null) return '';
  if (typeof element.content !== 'string')
    throw new EasProtocolError(`${element.tag} must hold text`);
  return element.content;
}

function parseRange(text: string | undefined): ByteRange | null | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d{1,10})-(\d{1,10})$/.exec(text);
  if (!match) return null;
  const [start, end] = [Number(match[1]), Number(match[2])];
  return start <= end ? { start, end } : null;
}

function parseOptions(options: WbxmlElement | undefined): FetchOptions {
  const range = options && children(options).find((c) => c.tag === 'Range');
  // Schema, UserName, Password, BodyPartPreference, RightsManagementSupport: not used here.
  return {
    email: readEmailOptions(options),
    ...(range ? { range: parseRange(ownText(range)) } : {}),
  };
}

function parseFetch(fetch: WbxmlElement): Operation {
  const store = childText(fetch, 'Store');
  if (store === undefined) throw new EasProtocolError('Fetch needs Store');
  const fileReference = childText(fetch, 'FileReference');
  const serverId = childText(fetch, 'ServerId');
  const collectionId = childText(fetch, 'CollectionId');
  const longId = childText(fetch, 'LongId');
  let target: FetchTarget | null = null;
  if (fileReference !== undefined) target = { kind: 'attachment', fileReference };
  else if (longId !== undefined) target = { kind: 'long-id', longId };
  else if (serverId !== undefined && collectionId !== undefined)
    target = { kind: 'item', collectionId, serverId };
  const options = parseOptions(children(fetch).find((c) => c.tag === 'Options'));
  return { op: 'Fetch', store, target, options };
}

function parseEmpty(empty: WbxmlElement): Operation {
  const collectionId = childText(empty, 'CollectionId');
  if (collectionId === undefined)
    throw new EasProtocolError('EmptyFolderContents needs CollectionId');
  const options = children(empty).find((c) => c.tag === 'Options');
  const deleteSubFolders =
    options !== undefined && children(options).some((c) => c.tag === 'DeleteSubFolders');
  return { op: 'EmptyFolderContents', collectionId, deleteSubFolders };
}

function parseMove(move: WbxmlElement): Operation {
  const conversation = children(move).find((c) => c.tag === 'ConversationId');
  const dstFldId = childText(move, 'DstFldId');
  if (!conversation || dstFldId === undefined)
    throw new EasProtocolError('Move needs ConversationId and DstFldId');
  // Devices send back the opaque bytes Sync gave them; some send them as text.
  const conversationId =
    conversation.content instanceof Uint8Array
      ? conversation.content
      : typeof conversation.content === 'string'
        ? Buffer.from(conversation.content, 'utf8')
        : null;
  if (!conversationId || conversationId.length === 0 || conversationId.length > 64)
    throw new EasProtocolError('ConversationId must be 1-64 bytes');
  const options = children(move).find((c) => c.tag === 'Options');
  const moveAlways = options !== undefined && children(options).some((c) => c.tag === 'MoveAlways');
  return { op: 'Move', conversationId, dstFldId, moveAlways };
}

export function parseItemOperations(body: WbxmlElement | Buffer | null): Operation[] {
  const root = expectRoot(body, NS, 'ItemOperations');
  const operations = children(root);
  if (operations.length === 0) throw new EasProtocolError('ItemOperations names no operation');
  if (operations.length > EAS_LIMITS.itemOperationsMax)
    throw new EasProtocolError(`at most ${EAS_LIMITS.itemOperationsMax} operations in one request`);
  return operations.map((operation) => {
    if (operation.tag === 'Fetch') return parseFetch(operation);
    if (operation.tag === 'EmptyFolderContents') return parseEmpty(operation);
    if (operation.tag === 'Move') return parseMove(operation);
    throw new EasProtocolError(`ItemOperations has no operation ${operation.tag}`);
  });
}
