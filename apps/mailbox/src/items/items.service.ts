/** Item reads and changes, each journaled by the repository and announced after its commit. */
import type { ChangesList, EmailItem } from '@mail/contracts';
import { simpleParser } from 'mailparser';
import type { ChangeNotifier } from '../changes/change-notifier';
import { notFound } from '../errors';
import type { FolderRepository } from '../persistence/folder.repository';
import type { ItemChange, ItemRepository } from '../persistence/item.repository';

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

export class ItemsService {
  constructor(
    private readonly folders: FolderRepository,
    private readonly items: ItemRepository,
    private readonly notifier: ChangeNotifier,
  ) {}

  async update(mailbox: string, itemId: string, change: ItemChange) {
    const result = await this.items.update(await this.mailboxId(mailbox), itemId, change);
    await this.notifier.folderChanged(mailbox, [result.folderId]);
    return { changeNumber: result.changeNumber };
  }

  async move(mailbox: string, itemId: string, toFolderId: string) {
    const result = await this.items.move(await this.mailboxId(mailbox), itemId, toFolderId);
    await this.notifier.folderChanged(mailbox, result.folderIds);
    return { changeNumber: result.changeNumber };
  }

  async delete(mailbox: string, itemId: string) {
    const result = await this.items.delete(await this.mailboxId(mailbox), itemId);
    await this.notifier.folderChanged(mailbox, [result.folderId]);
    return { changeNumber: result.changeNumber };
  }

  async changes(
    mailbox: string,
    folderId: string,
    after: number,
    window: number,
  ): Promise<ChangesList> {
    return this.items.changes(await this.mailboxId(mailbox), folderId, after, window);
  }

  /** The item's properties and attachment list; the body is read from the stored MIME. */
  async get(mailbox: string, itemId: string): Promise<EmailItem> {
    const { row, attachments } = await this.items.get(await this.mailboxId(mailbox), itemId);
    const body = await simpleParser(row.raw as Buffer).then(
      (mail) => ({ text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : null }),
      () => ({ text: (row.raw as Buffer).toString('latin1'), html: null }),
    );
    return {
      itemId: row.id,
      folderId: row.folder_id,
      class: 'Email',
      messageClass: row.message_class,
      subject: row.subject,
      from: row.sender,
      to: row.to_recipients,
      cc: row.cc_recipients,
      dateReceived: iso(row.date_received)!,
      importance: row.importance,
      read: row.read,
      flag: {
        status: row.flag_status,
        startDate: iso(row.flag_start_date),
        dueDate: iso(row.flag_due_date),
        completeTime: iso(row.flag_complete_time),
      },
      categories: row.categories,
      conversationId: (row.conversation_id as Buffer).toString('hex'),
      conversationIndex: (row.conversation_index as Buffer).toString('hex'),
      lastVerbExecuted: row.last_verb_executed,
      lastVerbExecutionTime: iso(row.last_verb_execution_time),
      preview: row.preview,
      size: Number(row.size),
      hasAttachments: row.has_attachments,
      attachments: attachments.map(
        (a: {
          ordinal: number;
          file_name: string | null;
          content_type: string;
          content_id: string | null;
          is_inline: boolean;
          size: string;
        }) => ({
          reference: `${row.id}:${a.ordinal}`,
          fileName: a.file_name,
          contentType: a.content_type,
          contentId: a.content_id,
          isInline: a.is_inline,
          size: Number(a.size),
        }),
      ),
      body,
    };
  }

  async attachment(mailbox: string, reference: string) {
    const colon = reference.lastIndexOf(':');
    const found = await this.items.attachment(
      await this.mailboxId(mailbox),
      reference.slice(0, colon).toLowerCase(),
      Number(reference.slice(colon + 1)),
    );
    return {
      contentType: found.contentType,
      fileName: found.fileName,
      data: found.data.toString('base64'),
    };
  }

  private async mailboxId(mailbox: string): Promise<string> {
    const id = await this.folders.mailboxId(mailbox);
    if (!id) throw notFound('mailbox');
    return id;
  }
}
