/**
 * What SendMail, SmartReply and SmartForward do once the request is read: find the original
 * (Source) in the user's own mailbox, build the message (the device's MIME as sent, or with
 * the original carried over), submit it through hub transport (which takes the envelope from
 * the headers, checks the sender and removes Bcc), keep a copy in Sent Items when asked, and
 * mark the original replied to or forwarded (MS-ASEMAIL LastVerbExecuted).
 */
import { createHash } from 'node:crypto';
import {
  FOLDER_TYPE,
  ItemFetch,
  ItemUpdate,
  MAX_SUBMISSION_BYTES,
  MessageAppend,
  MessageSubmit,
  type MessageSubmitReply,
} from '@mail/contracts';
import { BusError } from '@mail/runtime';
import type { EasContext } from '../command';
import { EasError } from '../errors';
import { itemIdOf } from '../item-id';
import { atLeast } from '../protocol';
import type { ComposeRequest, ComposeSource } from './compose-request';
import { COMPOSE_STATUS, REFUSAL_STATUS, legacyError } from './compose-status';
import { composeSmartMessage } from './smart-mime';

/** MS-ASEMAIL 2.2.2.45 LastVerbExecuted: reply to sender, reply to all, forward. */
const VERB = { replyToSender: 1, replyToAll: 2, forward: 3 } as const;

export interface ComposeResponse {
  status: number;
}

interface Original {
  itemId: string;
  mime: Buffer;
}

/** The original a Source names, only ever in the signed-in user's mailbox; null: not there. */
async function findOriginal(source: ComposeSource, context: EasContext): Promise<Original | null> {
  const given = source.longId ?? source.itemId;
  const itemId = given === undefined ? null : itemIdOf(given);
  if (itemId === null) return null;
  const reply = await context.bus.request(ItemFetch, {
    mailbox: context.user.userPrincipalName,
    itemIds: [itemId],
    select: { properties: false, body: { type: 'mime' }, attachments: false },
  });
  const [item] = reply.items;
  if (!item || item.class !== 'Email' || !item.body || item.body.type !== 'mime') return null;
  // A collection named beside the item must be the item's own (LongId names an item alone).
  if (
    source.longId === undefined &&
    source.folderId !== undefined &&
    source.folderId.toLowerCase() !== item.folderId
  )
    return null;
  return { itemId: item.itemId, mime: Buffer.from(item.body.data, 'base64') };
}

/**
 * Transport remembers client ids per user; devices pick theirs alone (some count from 1), so
 * the id it is given names the device too.
 */
function submissionId(clientId: string, context: EasContext): string {
  return createHash('sha256').update(`${context.device.id}\n${clientId}`).digest('base64url');
}

async function submit(mime: Buffer, request: ComposeRequest, context: EasContext) {
  try {
    return await context.bus.request(MessageSubmit, {
      userPrincipalName: context.user.userPrincipalName,
      mime: mime.toString('base64'),
      ...(request.clientId ? { clientId: submissionId(request.clientId, context) } : {}),
    });
  } catch (error) {
    // A submission transport did not take (bad request) is the device's message at fault.
    if (error instanceof BusError && error.code === 'bad-request') {
      context.log.info({ reason: error.message }, 'submission refused as malformed');
      return { accepted: false, reason: 'invalid-mime', message: error.message } as const;
    }
    throw error;
  }
}

/** The Sent Items copy: with Bcc, as the sender wrote it; a failure here loses no mail. */
async function saveInSentItems(mime: Buffer, queueId: string, context: EasContext) {
  const mailbox = context.user.userPrincipalName;
  try {
    const { folders } = await context.services.hierarchy.folders(mailbox);
    const sent = folders.find((f) => f.type === FOLDER_TYPE.sentItems && f.isDefault);
    if (!sent) throw new Error('the mailbox has no Sent Items folder');
    await context.bus.request(MessageAppend, {
      mailbox,
      folderId: sent.id,
      mime: mime.toString('base64'),
      read: true,
      key: `sent:${queueId}`,
      origin: context.device.id,
    });
  } catch (error) {
    context.log.warn({ err: error, queueId }, 'the message was sent; its Sent Items copy failed');
  }
}

async function markOriginal(
  original: Original,
  request: ComposeRequest,
  accepted: Extract<MessageSubmitReply, { accepted: true }>,
  context: EasContext,
) {
  const verb =
    request.command === 'SmartForward'
      ? VERB.forward
      : accepted.recipients.length > 1
        ? VERB.replyToAll
        : VERB.replyToSender;
  try {
    await context.bus.request(ItemUpdate, {
      mailbox: context.user.userPrincipalName,
      itemId: original.itemId,
      lastVerbExecuted: verb,
      origin: context.device.id,
    });
  } catch (error) {
    context.log.warn({ err: error, itemId: original.itemId }, 'could not mark the original');
  }
}

async function run(request: ComposeRequest, context: EasContext): Promise<number> {
  let original: Original | null = null;
  if (request.source && request.command !== 'SendMail') {
    original = await findOriginal(request.source, context);
    if (!original) return COMPOSE_STATUS.itemNotFound;
  }
  let mime = request.mime;
  if (original && !request.replaceMime) {
    const kind = request.command === 'SmartForward' ? 'forward' : 'reply';
    try {
      mime = await composeSmartMessage(kind, request.mime, original.mime);
    } catch (error) {
      context.log.info({ err: error }, 'the device message could not be composed');
      return COMPOSE_STATUS.invalidMime;
    }
  }
  if (mime.length > MAX_SUBMISSION_BYTES) return COMPOSE_STATUS.tooLarge;
  const reply = await submit(mime, request, context);
  if (!reply.accepted) {
    context.log.info({ refused: reply.reason, reason: reply.message }, 'submission refused');
    return REFUSAL_STATUS[reply.reason];
  }
  // A retried ClientId: the first attempt already saved and marked.
  if (reply.duplicate) return COMPOSE_STATUS.success;
  if (request.saveInSentItems) await saveInSentItems(mime, reply.queueId, context);
  if (original) await markOriginal(original, request, reply, context);
  return COMPOSE_STATUS.success;
}

/** 14.0+ answers with a status; older devices get HTTP, so a failure is thrown for them. */
export async function handleCompose(
  request: ComposeRequest,
  context: EasContext,
): Promise<ComposeResponse> {
  const legacy = !atLeast(context.version, '14.0');
  let status: number;
  try {
    status = await run(request, context);
  } catch (error) {
    // The front door answers a fault of ours with the command's Status 110, which a device
    // before 14.0 cannot read: it gets HTTP 500. A role that did not answer stays a 503.
    if (!legacy || error instanceof EasError || (error instanceof BusError && error.temporary))
      throw error;
    context.log.error({ err: error }, `${request.command} failed`);
    throw new EasError('server-error', `${request.command} failed`);
  }
  if (status !== COMPOSE_STATUS.success && legacy)
    throw new EasError(legacyError(status), `${request.command}: status ${status}`);
  return { status };
}
