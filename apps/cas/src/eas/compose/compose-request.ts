/**
 * The request of SendMail, SmartReply and SmartForward in both forms: from 14.0 a ComposeMail
 * WBXML body (MS-ASCMD 2.2.1.17.1 and neighbours: ClientId, AccountId, SaveInSentItems,
 * ReplaceMime, Mime, Source with FolderId/ItemId/LongId/InstanceId), before 14.0 the message
 * itself (`message/rfc822`) with the query's SaveInSent, ItemId, CollectionId and LongId.
 */
import { decode, type WbxmlElement } from '@mail/wbxml';
import { EasProtocolError, children, childText, expectRoot } from '../command';
import { EasError } from '../errors';
import { EAS_LIMITS } from '../limits';
import { atLeast, type ProtocolVersion } from '../protocol';
import type { EasQuery } from '../query';

export type ComposeCommandName = 'SendMail' | 'SmartReply' | 'SmartForward';

/** The original a SmartReply/SmartForward answers: a collection's item, or a search LongId. */
export interface ComposeSource {
  folderId?: string;
  itemId?: string;
  longId?: string;
  /** A recurring meeting's occurrence; kept for the log, occurrences are not items here. */
  instanceId?: string;
}

export interface ComposeRequest {
  command: ComposeCommandName;
  /** 14.0+: the device's id for the message, so a retried send is not sent twice. */
  clientId?: string;
  saveInSentItems: boolean;
  /** The device sent the whole message: do not add the original's body or attachments. */
  replaceMime: boolean;
  mime: Buffer;
  source?: ComposeSource;
}

const NS = 'ComposeMail';
/** MS-ASCMD 2.2.3.27: ClientId is at most 40 characters; ids of ours are UUIDs or shorter. */
const LIMITS = { clientId: 40, id: 64, longId: 256, instanceId: 64 } as const;

function bounded(value: string | undefined, max: number, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.length === 0 || value.length > max)
    throw new EasProtocolError(`${name} must be 1-${max} characters`);
  return value;
}

/** The 14.0+ WBXML request. */
export function parseComposeMail(body: WbxmlElement | Buffer | null, command: ComposeCommandName) {
  const root = expectRoot(body, NS, command);
  const mimeElement = children(root).find((c) => c.tag === 'Mime');
  if (!mimeElement || mimeElement.content === null || Array.isArray(mimeElement.content))
    throw new EasProtocolError(`${command} needs Mime`);
  const mime =
    typeof mimeElement.content === 'string'
      ? Buffer.from(mimeElement.content, 'utf8')
      : Buffer.from(mimeElement.content as Uint8Array);
  if (mime.length === 0) throw new EasProtocolError('Mime is empty');
  const sourceElement = children(root).find((c) => c.tag === 'Source');
  const source = sourceElement
    ? {
        folderId: bounded(childText(sourceElement, 'FolderId'), LIMITS.id, 'FolderId'),
        itemId: bounded(childText(sourceElement, 'ItemId'), LIMITS.id, 'ItemId'),
        longId: bounded(childText(sourceElement, 'LongId'), LIMITS.longId, 'LongId'),
        instanceId: bounded(
          childText(sourceElement, 'InstanceId'),
          LIMITS.instanceId,
          'InstanceId',
        ),
      }
    : undefined;
  if (command !== 'SendMail' && !source) throw new EasProtocolError(`${command} needs Source`);
  const has = (tag: string) => children(root).some((c) => c.tag === tag);
  const request: ComposeRequest = {
    command,
    clientId: bounded(childText(root, 'ClientId'), LIMITS.clientId, 'ClientId'),
    saveInSentItems: has('SaveInSentItems'),
    replaceMime: has('ReplaceMime'),
    mime,
    ...(source ? { source } : {}),
  };
  return request;
}

/** The pre-14.0 request: the body is the message, the query says the rest. */
export function parseRfc822(body: Buffer | null, query: EasQuery, command: ComposeCommandName) {
  if (body === null || body.length === 0)
    throw new EasError('bad-request', `${command} needs the message as its body`);
  const p = query.parameters;
  const source =
    p.ItemId !== undefined || p.CollectionId !== undefined || p.LongId !== undefined
      ? { folderId: p.CollectionId, itemId: p.ItemId, longId: p.LongId }
      : undefined;
  if (command !== 'SendMail' && !source)
    throw new EasError('bad-request', `${command} needs ItemId and CollectionId, or LongId`);
  const request: ComposeRequest = {
    command,
    saveInSentItems: p.SaveInSent === 'T',
    replaceMime: false,
    mime: body,
    ...(source ? { source } : {}),
  };
  return request;
}

/**
 * The command declares a raw body (its form depends on the version), so the 14.0+ WBXML is
 * decoded here with the front door's bounds; a decode error is the command's protocol error.
 */
export function parseComposeRequest(
  body: WbxmlElement | Buffer | null,
  version: ProtocolVersion,
  query: EasQuery,
  command: ComposeCommandName,
): ComposeRequest {
  if (body !== null && !Buffer.isBuffer(body))
    throw new EasProtocolError(`${command} takes a raw body`);
  if (!atLeast(version, '14.0')) return parseRfc822(body, query, command);
  if (body === null || body.length === 0) throw new EasProtocolError(`${command} needs a body`);
  const tree = decode(body, {
    limits: { maxInputBytes: body.length, maxDepth: EAS_LIMITS.maxWbxmlDepth },
  });
  return parseComposeMail(tree, command);
}
