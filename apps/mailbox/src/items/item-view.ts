/** Item rows as the contracts show them: an email's headers, attachment lists, class properties. */
import type { AttachmentInfo, ClassProperties, EmailHeaders } from '@mail/contracts';
import { threadTopicOf } from '../delivery/parse-message';
import type { AttachmentRow, ItemRow } from '../persistence/item-reads.repository';

/** PostgreSQL hands bytea back as a Buffer, PGlite as a Uint8Array. */
export const toBuffer = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

export function emailHeaders(row: ItemRow): EmailHeaders {
  return {
    messageClass: row.message_class,
    subject: row.subject,
    from: row.sender,
    to: row.to_recipients,
    cc: row.cc_recipients,
    replyTo: row.reply_to,
    displayTo: row.display_to,
    threadTopic: threadTopicOf(row.subject),
    dateReceived: row.date_received,
    importance: row.importance,
    read: row.read,
    flag: {
      status: row.flag_status,
      startDate: row.flag_start_date,
      dueDate: row.flag_due_date,
      completeTime: row.flag_complete_time,
    },
    categories: row.categories,
    conversationId: row.conversation_id ?? '',
    conversationIndex: row.conversation_index ?? '',
    lastVerbExecuted: row.last_verb_executed,
    lastVerbExecutionTime: row.last_verb_execution_time,
    preview: row.preview,
    size: Number(row.size),
    hasAttachments: row.has_attachments,
  };
}

/** A class item's properties without its Body, which a fetch returns by its own selector. */
export function classProperties(row: ItemRow): Omit<ClassProperties, 'Body'> {
  const { Body: _body, ...rest } = (row.properties ?? {}) as ClassProperties;
  return rest;
}

export const attachmentInfo = (a: AttachmentRow): AttachmentInfo => ({
  reference: `${a.item_id}:${a.ordinal}`,
  fileName: a.file_name,
  contentType: a.content_type,
  contentId: a.content_id,
  isInline: a.is_inline,
  size: Number(a.size),
  method: a.content_type.toLowerCase() === 'message/rfc822' ? 5 : 1,
});
