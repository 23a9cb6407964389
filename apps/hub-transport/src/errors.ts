/**
 * Hub transport's closed set of errors and the one table that maps each to an SMTP reply
 * (RFC 5321 basic code, RFC 3463 enhanced status code, text). The same status codes go into
 * delivery status notifications. Only this file knows SMTP reply codes.
 */

interface Reply {
  code: number;
  status: string;
  text: string;
}

export const TRANSPORT_ERRORS = {
  // Receiving: what a client is told.
  'unknown-recipient': {
    code: 550,
    status: '5.1.1',
    text: 'Recipient address rejected: user unknown',
  },
  'relay-denied': { code: 550, status: '5.7.1', text: 'Unable to relay' },
  'anonymous-denied': { code: 530, status: '5.7.1', text: 'Client was not authenticated' },
  'auth-required': { code: 530, status: '5.7.0', text: 'Authentication required' },
  'tls-required': { code: 530, status: '5.7.0', text: 'Must issue a STARTTLS command first' },
  'auth-failed': { code: 535, status: '5.7.8', text: 'Authentication credentials invalid' },
  'auth-throttled': {
    code: 454,
    status: '4.7.0',
    text: 'Too many failed sign-ins; try again later',
  },
  'auth-unavailable': { code: 454, status: '4.7.0', text: 'Temporary authentication failure' },
  'sender-not-allowed': {
    code: 550,
    status: '5.7.1',
    text: 'Not authorized to send as this sender',
  },
  'bad-recipient-syntax': { code: 501, status: '5.1.3', text: 'Bad recipient address syntax' },
  'bad-sender-syntax': { code: 501, status: '5.1.7', text: 'Bad sender address syntax' },
  'too-many-recipients': { code: 452, status: '4.5.3', text: 'Too many recipients' },
  'message-too-large': {
    code: 552,
    status: '5.3.4',
    text: 'Message size exceeds fixed maximum message size',
  },
  'line-too-long': {
    code: 554,
    status: '5.6.0',
    text: 'Message has a line longer than 998 characters',
  },
  'command-too-long': { code: 500, status: '5.5.2', text: 'Line too long' },
  'too-many-errors': {
    code: 421,
    status: '4.7.0',
    text: 'Too many errors; closing the connection',
  },
  'too-many-commands': {
    code: 421,
    status: '4.7.0',
    text: 'Too many commands; reconnect to continue',
  },
  'too-many-connections': {
    code: 421,
    status: '4.7.0',
    text: 'Too many connections from your address',
  },
  'shutting-down': { code: 421, status: '4.3.2', text: 'Service shutting down; try again later' },
  'connector-disabled': { code: 421, status: '4.3.2', text: 'Service not available' },
  'directory-unavailable': {
    code: 451,
    status: '4.4.3',
    text: 'Directory lookup failed; try again later',
  },
  'queue-unavailable': {
    code: 451,
    status: '4.3.0',
    text: 'Temporary local problem; try again later',
  },

  // Routing and delivery: what a sender's notification says.
  'loop-detected': { code: 554, status: '5.4.6', text: 'Routing loop detected' },
  'no-route': {
    code: 554,
    status: '5.4.4',
    text: 'Unable to route: no send connector covers the domain',
  },
  'no-such-domain': { code: 554, status: '5.1.2', text: 'The recipient domain does not exist' },
  // RFC 7505 4.2: a domain that publishes a null MX takes no mail.
  'null-mx': { code: 556, status: '5.1.10', text: 'Recipient address has null MX' },
  'dns-unavailable': {
    code: 451,
    status: '4.4.3',
    text: 'DNS lookup of the recipient domain failed',
  },
  'host-unreachable': { code: 451, status: '4.4.1', text: 'No answer from the destination host' },
  expired: { code: 554, status: '4.4.7', text: 'Delivery time expired' },
  'mailbox-refused': { code: 554, status: '5.2.0', text: 'The mailbox refused the message' },
  'mailbox-unavailable': {
    code: 451,
    status: '4.2.0',
    text: 'The mailbox cannot take the message now',
  },
  'group-too-large': {
    code: 554,
    status: '5.2.4',
    text: 'Group expansion stopped at its member limit',
  },
} satisfies Record<string, Reply>;

export type TransportErrorName = keyof typeof TRANSPORT_ERRORS;

export function replyFor(name: TransportErrorName): Reply {
  return TRANSPORT_ERRORS[name];
}

/** The reply text as sent: enhanced status first (the receive side passes it through as is). */
export function replyText(name: TransportErrorName, detail?: string): string {
  const { status, text } = TRANSPORT_ERRORS[name];
  return `${status} ${detail ? `${text}: ${detail}` : text}`;
}

/** An error for smtp-server's hook callbacks: its responseCode is the reply code. */
export class SmtpReplyError extends Error {
  readonly responseCode: number;

  constructor(
    readonly reason: TransportErrorName,
    detail?: string,
  ) {
    super(replyText(reason, detail));
    this.name = 'SmtpReplyError';
    this.responseCode = TRANSPORT_ERRORS[reason].code;
  }
}

/** Whether a reply text already starts with an enhanced status code (RFC 3463 2). */
export const ENHANCED_STATUS = /^[245]\.\d{1,3}\.\d{1,3} /;
