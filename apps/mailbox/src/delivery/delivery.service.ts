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

export class DeliveryService {
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
    const mailbox = await this.folders.ensureMailbox(delivery.recipient);
    const inbox = await this.folders.findDefault(mailbox.id, FOLDER_TYPE.inbox);
    const result = await this.items.deliver({
      queueId: delivery.queueId,
      recipient: delivery.recipient,
      mailboxId: mailbox.id,
      folderId: inbox,
      raw,
      parsed: await parseMessage(raw, receivedAt),
      receivedAt,
    });
    if (!result.duplicate) await this.notifier.folderChanged(delivery.recipient, [inbox]);
    return result;
  }
}
