/**
 * Delivery from transport (DESIGN.md, flow 1): decode, bound, parse, store once per
 * (queue id, recipient), then announce the change. The recipient's mailbox is created with
 * its default folders on first delivery.
 */
import { FOLDER_TYPE, type DeliverReply } from '@mail/contracts';
import type { ChangeNotifier } from '../changes/change-notifier';
import { badRequest } from '../errors';
import { MAILBOX_LIMITS } from '../limits';
import type { FolderRepository } from '../persistence/folder.repository';
import type { ItemRepository } from '../persistence/item.repository';
import { parseMessage } from './parse-message';

export interface Delivery {
  queueId: string;
  recipient: string;
  /** base64 */
  mime: string;
  receivedAt?: string;
}

/** Recipients whose mailbox and Inbox ids are remembered (mailboxes and Inboxes are never deleted). */
const KNOWN_INBOXES = 10_000;

export class DeliveryService {
  /** recipient -> its mailbox and Inbox: saves a transaction and a query on every later delivery. */
  private readonly inboxes = new Map<string, { mailboxId: string; inboxId: string }>();

  constructor(
    private readonly folders: FolderRepository,
    private readonly items: ItemRepository,
    private readonly notifier: ChangeNotifier,
    private readonly maxMessageBytes: number = MAILBOX_LIMITS.maxMessageBytes,
  ) {}

  async deliver(delivery: Delivery): Promise<DeliverReply> {
    const raw = Buffer.from(delivery.mime, 'base64');
    if (raw.length > this.maxMessageBytes) throw badRequest('message too large');
    const receivedAt = delivery.receivedAt ? new Date(delivery.receivedAt) : new Date();
    const { mailboxId, inboxId: inbox } = await this.inboxOf(delivery.recipient);
    const result = await this.items.deliver({
      queueId: delivery.queueId,
      recipient: delivery.recipient,
      mailboxId,
      folderId: inbox,
      raw,
      parsed: await parseMessage(raw, receivedAt),
      receivedAt,
    });
    if (!result.duplicate) await this.notifier.folderChanged(delivery.recipient, [inbox]);
    return result;
  }

  private async inboxOf(recipient: string): Promise<{ mailboxId: string; inboxId: string }> {
    const known = this.inboxes.get(recipient);
    if (known) return known;
    const mailbox = await this.folders.ensureMailbox(recipient);
    const found = {
      mailboxId: mailbox.id,
      inboxId: await this.folders.findDefault(mailbox.id, FOLDER_TYPE.inbox),
    };
    if (this.inboxes.size >= KNOWN_INBOXES) this.inboxes.delete(this.inboxes.keys().next().value!);
    this.inboxes.set(recipient, found);
    return found;
  }
}
