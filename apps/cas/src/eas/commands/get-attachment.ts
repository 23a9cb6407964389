/**
 * GetAttachment (MS-ASCMD 2.2.1.8, protocol 2.5 to 12.1): the attachment named by the
 * AttachmentName query parameter (the FileReference a 12.x Sync listed, the AttName at 2.5),
 * answered as its own bytes with its content type. Looked up only in the signed-in user's
 * mailbox; the device's policy is enforced as for ItemOperations. Failures are HTTP statuses:
 * the command has no response body to carry a Status.
 */
import { EasError } from '../errors';
import type { EasCommand } from '../command';
import { readAttachment } from '../item-operations/fetch-attachment';
import { ITEM_OPERATIONS_STATUS as STATUS } from '../item-operations/item-operations-status';

export interface GetAttachmentResponse {
  contentType: string;
  bytes: Buffer;
}

export const getAttachment: EasCommand<string, GetAttachmentResponse> = {
  name: 'GetAttachment',
  versions: ['2.5', '12.0', '12.1'],
  requiresPolicyKey: true,
  allowedWhenQuarantined: false,
  body: 'none',
  maxBodyBytes: 0,
  // Neither has a WBXML form: every failure is thrown as an HTTP refusal.
  root: { ns: 'ItemOperations', tag: 'ItemOperations' },
  protocolErrorStatus: STATUS.protocolError,
  parse(_body, context) {
    const name = context.query.parameters.AttachmentName;
    if (name === undefined) throw new EasError('bad-request', 'AttachmentName is missing');
    return name;
  },
  async handle(fileReference, context) {
    const result = await readAttachment(context, fileReference, undefined);
    if ('content' in result)
      return { contentType: result.content.contentType, bytes: result.bytes };
    if (result.status === STATUS.accessDenied)
      throw new EasError('attachment-blocked', 'the policy forbids this attachment');
    throw new EasError('item-not-found', `no attachment ${fileReference.slice(0, 64)}`);
  },
  write: (response) => response,
};
