/**
 * ItemOperations Fetch of an attachment by FileReference (MS-ASCMD 2.2.1.10, MS-ASAIRS
 * 2.2.2.24), whole or a Range of it. A reference is looked up only in the signed-in user's
 * own mailbox, so another user's reference is simply not found. The device's policy is
 * enforced here, where the device cannot bypass it: no attachments at all when
 * AttachmentsEnabled is off, none larger than MaxAttachmentSize.
 */
import { AttachmentGet, MAX_MESSAGE_BYTES, type AttachmentContent } from '@mail/contracts';
import { BusError } from '@mail/runtime';
import { el, type WbxmlElement } from '@mail/wbxml';
import type { EasContext } from '../command';
import { attachmentAllowed } from '../email/email-policy';
import { decodeFileReference } from '../email/file-reference';
import type { ByteRange } from './item-operations-request';
import { ITEM_OPERATIONS_STATUS as STATUS } from './item-operations-status';
import type { MultipartParts } from './multipart';

const NS = 'ItemOperations';

export type AttachmentResult =
  { status: typeof STATUS.success; content: AttachmentContent; bytes: Buffer } | { status: number };

/** The attachment's bytes (a range of them) if the user has it and the policy allows it. */
export async function readAttachment(
  context: EasContext,
  fileReference: string,
  range: ByteRange | undefined,
): Promise<AttachmentResult> {
  if (context.policy.settings.AttachmentsEnabled === false) return { status: STATUS.accessDenied };
  const locator = decodeFileReference(fileReference);
  if (!locator) return { status: STATUS.attachmentNotFound };
  let content: AttachmentContent;
  try {
    content = await context.bus.request(AttachmentGet, {
      mailbox: context.user.userPrincipalName,
      reference: locator.reference,
      // A range past the end is answered up to the end: devices ask for more than there is.
      ...(range
        ? { offset: range.start, length: Math.min(range.end - range.start + 1, MAX_MESSAGE_BYTES) }
        : {}),
    });
  } catch (error) {
    if (error instanceof BusError && error.code === 'not-found')
      return { status: STATUS.attachmentNotFound };
    // An offset past the end is the mailbox's bad request.
    if (error instanceof BusError && error.code === 'bad-request' && range)
      return { status: STATUS.badRange };
    throw error;
  }
  if (!attachmentAllowed(content, context.policy.settings)) return { status: STATUS.accessDenied };
  if (range && range.start >= content.size) return { status: STATUS.badRange };
  return { status: STATUS.success, content, bytes: Buffer.from(content.data, 'base64') };
}

/** Data inline (base64) or, in a multipart response, the index of the part that holds it. */
export function dataElement(bytes: Uint8Array, parts: MultipartParts | null, text?: string) {
  if (parts) return el(NS, 'Part', String(parts.add(bytes)));
  return el(NS, 'Data', text ?? Buffer.from(bytes).toString('base64'));
}

export async function fetchAttachment(
  context: EasContext,
  fileReference: string,
  range: ByteRange | undefined,
  parts: MultipartParts | null,
): Promise<WbxmlElement> {
  const result = await readAttachment(context, fileReference, range);
  const head = [el(NS, 'Status', String(result.status))];
  const reference = el('AirSyncBase', 'FileReference', fileReference);
  if (!('content' in result)) return el(NS, 'Fetch', [...head, reference]);
  const { content, bytes } = result;
  const properties: WbxmlElement[] = [el('AirSyncBase', 'ContentType', content.contentType)];
  if (range) {
    const last = content.offset + Math.max(bytes.length, 1) - 1;
    properties.push(el(NS, 'Range', `${content.offset}-${last}`));
  }
  properties.push(el(NS, 'Total', String(content.size)), dataElement(bytes, parts));
  return el(NS, 'Fetch', [...head, reference, el(NS, 'Properties', properties)]);
}
