/**
 * The mobile device mailbox policy as the server enforces it on what it serves (issue 8 item 7,
 * libs/policy SERVER_ENFORCED_SETTINGS), since a device could ignore it: which body form a
 * device gets and how much of it, and which attachments it sees. Attachments the policy
 * forbids (all of them, or those over MaxAttachmentSize) are not listed at all, so a device
 * never holds a FileReference it may not use.
 */
import type { AttachmentInfo, BodyType } from '@mail/contracts';
import type { EasPolicy } from '@mail/policy';
import { atLeast, type ProtocolVersion } from '../protocol';
import type { EasBodyType, EmailOptions } from './email-options';

/** The body to fetch from the mailbox and how to show it. */
export interface BodyChoice {
  /** What the device gets (MS-ASAIRS Type). */
  easType: 1 | 2 | 4;
  /** The mailbox selector's body type. */
  type: BodyType;
  /** Bytes; undefined: the whole body. */
  truncateBytes?: number;
  /** The device asked for all or nothing: a body over its size is sent without data. */
  allOrNone: boolean;
  /** Characters of Preview (14.0+). */
  preview?: number;
}

const MAILBOX_TYPE = { 1: 'text', 2: 'html', 4: 'mime' } as const;

/** The policy's byte cap for a body form; undefined when it sets none (-1). */
function policyCap(settings: EasPolicy, easType: 1 | 2 | 4): number | undefined {
  const plain = settings.MaxEmailBodyTruncationSize;
  const html = settings.MaxEmailHTMLBodyTruncationSize;
  // MIME carries the text and the HTML: the stricter of both caps holds.
  const caps = easType === 1 ? [plain] : easType === 2 ? [html] : [plain, html];
  const set = caps.filter((cap): cap is number => typeof cap === 'number' && cap >= 0);
  return set.length ? Math.min(...set) : undefined;
}

const smaller = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

/**
 * The body a device gets: its first preference the server can give (RTF never: email is not
 * stored as RTF; MIME only with MIMESupport 2), HTML turned into plain text when the policy
 * forbids HTML, truncated to the smaller of what the device and the policy allow.
 */
export function chooseBody(
  options: EmailOptions,
  version: ProtocolVersion,
  settings: EasPolicy,
): BodyChoice {
  const html = settings.AllowHTMLEmail !== false;
  if (!atLeast(version, '12.0')) {
    const mime = options.mimeSupport === 2 && html;
    const easType = mime ? 4 : 1;
    const asked = mime ? options.mimeTruncation : options.truncation;
    return {
      easType,
      type: MAILBOX_TYPE[easType],
      truncateBytes: smaller(asked, policyCap(settings, easType)),
      allOrNone: false,
    };
  }
  const usable = (type: EasBodyType) =>
    type === 1 || type === 2 || (type === 4 && options.mimeSupport === 2 && html);
  const preference = options.bodyPreferences.find((p) => usable(p.type));
  const easType =
    !preference || (preference.type === 2 && !html) ? 1 : (preference.type as 1 | 2 | 4);
  return {
    easType,
    type: MAILBOX_TYPE[easType],
    truncateBytes: smaller(preference?.truncationSize, policyCap(settings, easType)),
    allOrNone: preference?.allOrNone ?? false,
    preview: atLeast(version, '14.0') ? preference?.preview : undefined,
  };
}

/** MS-ASEMAIL MessageClass of signed or encrypted mail, which MIMESupport 1 asks MIME for. */
export const isSmime = (messageClass: string) => /^IPM\.Note\.SMIME/i.test(messageClass);

/**
 * With MIMESupport 1, S/MIME messages come as MIME (the device cannot show them otherwise)
 * and the rest as `chooseBody` says; null when the device does not ask for that.
 */
export function smimeBody(
  options: EmailOptions,
  version: ProtocolVersion,
  settings: EasPolicy,
): BodyChoice | null {
  if (options.mimeSupport !== 1) return null;
  const legacy = !atLeast(version, '12.0');
  const preference = options.bodyPreferences.find((p) => p.type === 4);
  if (!legacy && !preference) return null;
  const asked = legacy ? options.mimeTruncation : preference?.truncationSize;
  return {
    easType: 4,
    type: 'mime',
    truncateBytes: smaller(asked, policyCap(settings, 4)),
    allOrNone: preference?.allOrNone ?? false,
  };
}

/** The attachments a device may see under the policy. */
export function visibleAttachments(
  attachments: readonly AttachmentInfo[],
  settings: EasPolicy,
): AttachmentInfo[] {
  return attachments.filter((a) => attachmentAllowed(a, settings));
}

/** Whether the policy lets a device fetch this attachment (ItemOperations, GetAttachment). */
export function attachmentAllowed(attachment: Pick<AttachmentInfo, 'size'>, settings: EasPolicy) {
  if (settings.AttachmentsEnabled === false) return false;
  const max = settings.MaxAttachmentSize;
  return typeof max !== 'number' || attachment.size <= max;
}
