/** The queue's records as the workers and the receive side see them (persistence/ stores them). */
import type { DeliveryState } from '@mail/contracts';

/** How a message came: SMTP, port 587, CAS, or made here (a DSN, an out-of-office answer). */
export type MessageSource = 'smtp' | 'submission' | 'submit' | 'dsn' | 'auto-reply';

/** A message as accepted: its envelope, where it came from, and facts read from its header. */
export interface NewMessage {
  id: string;
  receivedAt: Date;
  sender: string;
  recipients: string[];
  source: MessageSource;
  connector: string | null;
  clientAddress: string | null;
  clientName: string | null;
  protocol: string;
  authUser: string | null;
  hops: number;
  hasMessageId: boolean;
  hasDate: boolean;
  mime: Buffer;
}

/** What the categorizer reads of a claimed message (never its MIME). */
export type MessageToCategorize = Omit<NewMessage, 'mime'> & { attempts: number };

export interface NewDelivery {
  messageId: string;
  recipient: string;
  original: string;
  route: 'mailbox' | 'smtp';
  mailbox: string | null;
}

/** A claimed delivery with its current state, and the message facts it needs. */
export interface ClaimedDelivery extends NewDelivery {
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: Date | null;
  delayNotified: boolean;
  lastResponse: string | null;
}

/** A message's content as it goes out: trace fields, then the MIME as received. */
export interface OutgoingMessage {
  id: string;
  receivedAt: Date;
  sender: string;
  trace: string;
  mime: Buffer;
}

export interface DeliveryUpdate {
  messageId: string;
  recipient: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: Date | null;
  delayNotified: boolean;
  lastResponse: string | null;
  remoteMta: string | null;
  connector: string | null;
}
