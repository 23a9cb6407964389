/**
 * Submission by an authenticated user through another role: CAS hands hub transport the MIME
 * a device sent with EAS SendMail (SmartReply and SmartForward once CAS has composed them). The
 * envelope comes from the message: the sender is the signed-in user, the recipients are the To,
 * Cc and Bcc headers, and Bcc is removed from what recipients receive.
 */
import { z } from 'zod';
import { request } from '../bus/subject';
import { SmtpAddress } from '../directory/values';

/** The largest submission the bus carries, decoded; the Client receive connector may allow less. */
export const MAX_SUBMISSION_BYTES = 50 * 1024 * 1024;
const MAX_SUBMISSION_BASE64 = 4 * Math.ceil(MAX_SUBMISSION_BYTES / 3);

export const MessageSubmitRequest = z.object({
  /** The signed-in user: the envelope sender is their primary SMTP address. */
  userPrincipalName: SmtpAddress,
  /** The message as the client sent it (RFC 5322), base64. */
  mime: z
    .string()
    .min(1, 'must not be empty')
    .max(MAX_SUBMISSION_BASE64, 'message too large')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
  /**
   * The client's id for this message (EAS ClientId): a retry with the same id is answered with
   * the first submission's queue id instead of sending the message twice.
   */
  clientId: z.string().trim().min(1).max(64).optional(),
  /** The device's address, for the Received header. */
  clientAddress: z.string().trim().max(64).optional(),
});

/**
 * Why a submission was refused. Suggested EAS SendMail Status for each (MS-ASCMD common status
 * codes): invalid-mime 107, no-recipients 119, sender-not-allowed / unknown-user 120 (mail
 * submission failed), too-large 115 (send quota exceeded), too-many-recipients and
 * invalid-recipient 120.
 */
export const SUBMIT_REFUSALS = [
  'invalid-mime',
  'no-recipients',
  'too-many-recipients',
  'invalid-recipient',
  'sender-not-allowed',
  'unknown-user',
  'too-large',
] as const;
export type SubmitRefusal = (typeof SUBMIT_REFUSALS)[number];

export type MessageSubmitReply =
  | {
      accepted: true;
      /** The queue id (`mailctl queue show`). */
      queueId: string;
      /** The envelope recipients taken from the headers, lower case. */
      recipients: string[];
      /** True when `clientId` named a message submitted before: nothing new was queued. */
      duplicate: boolean;
    }
  | { accepted: false; reason: SubmitRefusal; message: string };

/** Queue a user's message (EAS SendMail). Errors other than a refusal are BusErrors. */
export const MessageSubmit = request<z.input<typeof MessageSubmitRequest>, MessageSubmitReply>(
  'hub-transport',
  'message',
  'submit',
);
