/** Item rows as the contracts show them: an email's headers, attachment lists, class properties. */
import type { AttachmentInfo, ClassProperties, EmailHeaders } from '@mail/contracts';
import { threadTopicOf } from '../delivery/parse-message';
import type { AttachmentRow, ItemRow } from '../persistence/item-reads.repository';

export const iso = (value: Date | string | null) =>
  value === null ? null : (value instanceof Date ? value : new Date(value)).toISOString();
/** PostgreSQL hands bytea back as a Buffer, PGlite as a Uint8Array. */
export const toBuffer = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
const hex = (bytes: Uint8Array | null) => (bytes ? toBuffer(bytes).toString('hex') : '');

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
    conversationId: hex(row.conversation_id),
    conversationIndex: hex(row.conversation_index),
    lastVerbExecuted: row.last_verb_executed,
    lastVerbExecutionTime: iso(row.last_verb_execution_time),
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
