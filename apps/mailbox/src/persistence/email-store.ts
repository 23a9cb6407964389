/**
 * Writing an email's rows inside the caller's transaction: the parsed properties, the raw MIME
 * once, the decoded attachments, the quota counters and the journal entry. Delivery, the
 * append of a sent or draft message and the replacement of a draft all go through here.
 */
import type { EntityManager } from 'typeorm';
import type { ChangeKind } from '@mail/contracts';
import type { ParsedEmail } from '../delivery/parse-message';
import { checkQuota } from '../search/persistence/quota';
import { journalChange } from './journal';

export interface StoredEmail {
  itemId: string;
  mailboxId: string;
  folderId: string;
  raw: Buffer;
  parsed: ParsedEmail;
  receivedAt: Date;
  read: boolean;
  flag?: {
    status: number;
    startDate?: string | null;
    dueDate?: string | null;
    completeTime?: string | null;
  };
  origin?: string | null;
}

/** The parsed columns, in the order of EMAIL_COLUMNS' parameters from $3. */
const EMAIL_COLUMNS = `importance, message_class, subject, sender, to_recipients, cc_recipients,
  reply_to, display_to, date_received, filter_date, conversation_id, conversation_index, preview,
  size, has_attachments, body_text, body_html, read, flag_status, flag_start_date, flag_due_date,
  flag_complete_time, change_number`;
const emailValues = (email: StoredEmail, changeNumber: number) => {
  const { parsed, flag } = email;
  return [
    parsed.importance,
    parsed.messageClass,
    parsed.subject,
    parsed.from,
    parsed.to,
    parsed.cc,
    parsed.replyTo,
    parsed.displayTo,
    email.receivedAt,
    email.receivedAt,
    parsed.conversationId,
    parsed.conversationIndex,
    parsed.preview,
    email.raw.length,
    parsed.attachments.length > 0,
    parsed.text,
    parsed.html,
    email.read,
    flag?.status ?? 0,
    flag?.startDate ?? null,
    flag?.dueDate ?? null,
    flag?.completeTime ?? null,
    changeNumber,
  ];
};
const placeholders = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `$${from + i}`).join(', ');

/** Stores a new email and journals its add; refused past the quota (nothing is written then). */
export async function insertEmail(manager: EntityManager, email: StoredEmail): Promise<number> {
  // Locks the mailbox row first, in the role's lock order.
  await checkQuota(manager, email.mailboxId, email.raw.length);
  await manager.query(
    'UPDATE mailbox.mailbox SET item_count = item_count + 1, total_size = total_size + $2 WHERE id = $1',
    [email.mailboxId, email.raw.length],
  );
  const changeNumber = await journal(manager, email, 'add');
  const values = emailValues(email, changeNumber);
  await manager.query(
    `INSERT INTO mailbox.item (id, mailbox_id, folder_id, item_class, ${EMAIL_COLUMNS})
     VALUES ($1, $2, $3, 'Email', ${placeholders(4, values.length)})`,
    [email.itemId, email.mailboxId, email.folderId, ...values],
  );
  await writeContent(manager, email);
  return changeNumber;
}

/**
 * Puts a new message in the place of a stored email (a draft saved again): same id and folder,
 * new properties, MIME and attachments; the size difference is checked against the quota.
 */
export async function replaceEmail(
  manager: EntityManager,
  email: StoredEmail,
  oldSize: number,
): Promise<number> {
  await checkQuota(manager, email.mailboxId, email.raw.length - oldSize);
  await manager.query('UPDATE mailbox.mailbox SET total_size = total_size + $2 WHERE id = $1', [
    email.mailboxId,
    email.raw.length - oldSize,
  ]);
  const changeNumber = await journal(manager, email, 'change');
  const values = emailValues(email, changeNumber);
  const columns = EMAIL_COLUMNS.split(',').map((c) => c.trim());
  await manager.query(
    `UPDATE mailbox.item SET modified_at = now(), categories = '{}', last_verb_executed = NULL,
       last_verb_execution_time = NULL,
       ${columns.map((column, i) => `${column} = $${i + 2}`).join(', ')}
     WHERE id = $1`,
    [email.itemId, ...values],
  );
  await manager.query('DELETE FROM mailbox.mime_body WHERE item_id = $1', [email.itemId]);
  await manager.query('DELETE FROM mailbox.attachment WHERE item_id = $1', [email.itemId]);
  await writeContent(manager, email);
  return changeNumber;
}

const journal = (manager: EntityManager, email: StoredEmail, kind: ChangeKind) =>
  journalChange(manager, email.mailboxId, email.folderId, email.itemId, kind, email.origin);

async function writeContent(manager: EntityManager, email: StoredEmail) {
  await manager.query('INSERT INTO mailbox.mime_body (item_id, raw) VALUES ($1, $2)', [
    email.itemId,
    email.raw,
  ]);
  for (const [ordinal, a] of email.parsed.attachments.entries())
    await manager.query(
      `INSERT INTO mailbox.attachment
         (item_id, ordinal, file_name, content_type, content_id, is_inline, size, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        email.itemId,
        ordinal,
        a.fileName,
        a.contentType,
        a.contentId,
        a.isInline,
        a.data.length,
        a.data,
      ],
    );
}
