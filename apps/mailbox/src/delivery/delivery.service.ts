/**
 * Messages in (DESIGN.md, flow 1): a delivery from transport into the recipient's Inbox, once
 * per (queue id, recipient), and a message a client appends to a mail folder (a sent copy, a
 * draft). Both decode, bound and parse the MIME, store it, then announce the change after the
 * commit. Deliveries that arrive together are committed together (delivery-batcher.ts). The
 * recipient's mailbox is created with its default folders on first delivery. Each answer says
 * whether the recipient's out of office is on, read by the statement that stores the batch, so
 * that transport asks for an out-of-office answer only then.
 */
import { FOLDER_TYPE, type DeliverReply, type MessageAppendReply } from '@mail/contracts';
import type { ChangeNotifier } from '../changes/change-notifier';
import { oofActive } from '../oof/oof.service';
import { badRequest } from '../errors';
import { MAILBOX_LIMITS } from '../limits';
import type { FolderRepository } from '../persistence/folder.repository';
import { randomUUID } from 'node:crypto';
import type { BatchEntry, BatchResult } from '../persistence/delivery-batch';
import type { ItemRepository } from '../persistence/item.repository';
import type { MailboxIds } from '../persistence/mailbox-ids';
import { DeliveryBatcher } from './delivery-batcher';
import { parseMessage } from './parse-message';

export interface Delivery {
  queueId: string;
  recipient: string;
  /** base64 */
  mime: string;
  receivedAt?: string;
}

export interface Append {
  folderId: string;
  /** base64 */
  mime: string;
  read: boolean;
  flag?: {
    status: 0 | 1 | 2;
    startDate?: string | null;
    dueDate?: string | null;
    completeTime?: string | null;
  };
  receivedAt?: string;
  key?: string;
  replaces?: string;
  origin?: string;
}

/** A stored delivery's answer: a repeat answers no out of office (its first did). */
const answer = ({ absence, ...result }: BatchResult): DeliverReply => ({
  ...result,
  outOfOffice: !result.duplicate && absence !== undefined && oofActive(absence, Date.now()),
});

/** Recipients whose mailbox and Inbox ids are remembered (mailboxes and Inboxes are never deleted). */
const KNOWN_INBOXES = 10_000;

export class DeliveryService {
  /** recipient -> its mailbox and Inbox: saves a transaction and a query on every later delivery. */
  private readonly inboxes = new Map<string, { mailboxId: string; inboxId: string }>();
  private readonly batcher: DeliveryBatcher<BatchEntry, DeliverReply>;

  constructor(
    private readonly mailboxes: MailboxIds,
    private readonly folders: FolderRepository,
    private readonly items: ItemRepository,
    private readonly notifier: ChangeNotifier,
    private readonly maxMessageBytes: number = MAILBOX_LIMITS.maxMessageBytes,
  ) {
    this.batcher = new DeliveryBatcher(
      {
        keyOf: (entry) => `${entry.recipient}\n${entry.queueId}`,
        writeBatch: async (entries) => {
          const results = await this.items.deliverBatch(entries);
          await this.announce(entries.filter((_, i) => !results[i].duplicate));
          return results.map(answer);
        },
        writeOne: async (entry) => {
          const [result] = await this.items.deliverBatch([entry]);
          if (!result.duplicate) await this.announce([entry]);
          return answer(result);
        },
      },
      MAILBOX_LIMITS.deliveryBatch,
      MAILBOX_LIMITS.deliveryBatchesInFlight,
    );
  }

  async deliver(delivery: Delivery): Promise<DeliverReply> {
    const raw = this.decode(delivery.mime);
    const receivedAt = delivery.receivedAt ? new Date(delivery.receivedAt) : new Date();
    const { mailboxId, inboxId } = await this.inboxOf(delivery.recipient);
    return this.batcher.submit({
      itemId: randomUUID(),
      queueId: delivery.queueId,
      recipient: delivery.recipient,
      mailboxId,
      folderId: inboxId,
      raw,
      parsed: await parseMessage(raw, receivedAt),
      receivedAt,
    });
  }

  /** One folder-changed event per mailbox for what one commit stored. */
  private async announce(stored: BatchEntry[]) {
    const byMailbox = new Map<string, Set<string>>();
    for (const entry of stored)
      byMailbox.set(
        entry.recipient,
        (byMailbox.get(entry.recipient) ?? new Set()).add(entry.folderId),
      );
    for (const [mailbox, folderIds] of byMailbox)
      await this.notifier.folderChanged(mailbox, [...folderIds]);
  }

  async append(mailbox: string, append: Append): Promise<MessageAppendReply> {
    const raw = this.decode(append.mime);
    const mailboxId = await this.mailboxes.require(mailbox);
    const receivedAt = append.receivedAt ? new Date(append.receivedAt) : new Date();
    const result = await this.items.append({
      mailboxId,
      folderId: append.folderId,
      raw,
      parsed: await parseMessage(raw, receivedAt),
      receivedAt,
      read: append.read,
      flag: append.flag,
      key: append.key,
      replaces: append.replaces,
      origin: append.origin ?? null,
    });
    if (!result.duplicate) await this.notifier.folderChanged(mailbox, [append.folderId]);
    return result;
  }

  private decode(mime: string): Buffer {
    const raw = Buffer.from(mime, 'base64');
    if (raw.length > this.maxMessageBytes) throw badRequest('message too large');
    return raw;
  }

  private async inboxOf(recipient: string): Promise<{ mailboxId: string; inboxId: string }> {
    const known = this.inboxes.get(recipient);
    if (known) return known;
    const mailbox = await this.mailboxes.ensure(recipient);
    const found = {
      mailboxId: mailbox.id,
      inboxId: await this.folders.findDefault(mailbox.id, FOLDER_TYPE.inbox),
    };
    if (this.inboxes.size >= KNOWN_INBOXES) this.inboxes.delete(this.inboxes.keys().next().value!);
    this.inboxes.set(recipient, found);
    return found;
  }
}
