/**
 * Statuses of SendMail, SmartReply and SmartForward from 14.0 (MS-ASCMD 2.2.3.177.14 and
 * 2.2.3.177.16 refer to the common status codes of 2.2.2), and how transport's refusals map
 * to them. Before 14.0 the same failures are HTTP statuses (errors.ts).
 */
import type { SubmitRefusal } from '@mail/contracts';
import type { EasErrorCode } from '../errors';

export const COMPOSE_STATUS = {
  success: 1,
  /** InvalidWBXML: the body does not decode. */
  invalidWbxml: 102,
  /** InvalidXML: decoded, but not a request of the command (Mime or Source missing...). */
  invalidXml: 103,
  /** InvalidMIME. */
  invalidMime: 107,
  /** ServerError. */
  serverError: 110,
  /** SendQuotaExceeded: the message is larger than a submission may be. */
  tooLarge: 115,
  /** MessageRecipientUnresolved. */
  recipientUnresolved: 116,
  /** MessageHasNoRecipient. */
  noRecipient: 119,
  /** MailSubmissionFailed. */
  submissionFailed: 120,
  /** UserHasNoMailbox. */
  noMailbox: 123,
  /** ItemNotFound: the Source names nothing in the user's mailbox. */
  itemNotFound: 150,
} as const;

export const REFUSAL_STATUS: Record<SubmitRefusal, number> = {
  'invalid-mime': COMPOSE_STATUS.invalidMime,
  'no-recipients': COMPOSE_STATUS.noRecipient,
  'too-many-recipients': COMPOSE_STATUS.submissionFailed,
  'invalid-recipient': COMPOSE_STATUS.recipientUnresolved,
  'sender-not-allowed': COMPOSE_STATUS.submissionFailed,
  'unknown-user': COMPOSE_STATUS.noMailbox,
  'too-large': COMPOSE_STATUS.tooLarge,
};

/** A 14.0+ status as the HTTP refusal an older device understands. */
export function legacyError(status: number): EasErrorCode {
  if (status === COMPOSE_STATUS.itemNotFound) return 'item-not-found';
  if (status === COMPOSE_STATUS.serverError) return 'server-error';
  if (status < COMPOSE_STATUS.serverError) return 'bad-request';
  return 'submission-refused';
}
