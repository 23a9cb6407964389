/**
 * Reads an email's properties from its raw MIME. mailparser is tolerant of most damage; when it
 * still fails, the message is kept as a plain-text body so that it is delivered, never lost.
 */
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { MAILBOX_LIMITS } from '../limits';

export interface ParsedAttachment {
  fileName: string | null;
  contentType: string;
  contentId: string | null;
  isInline: boolean;
  data: Buffer;
}

export interface ParsedEmail {
  subject: string;
  from: string | null;
  to: string | null;
  cc: string | null;
  replyTo: string | null;
  /** The To recipients' display names (their addresses when they have none), `; `-separated. */
  displayTo: string | null;
  date: Date | null;
  /** MS-ASEMAIL Importance: 0 low, 1 normal, 2 high. */
  importance: 0 | 1 | 2;
  messageClass: string;
  conversationId: Buffer;
  conversationIndex: Buffer;
  text: string;
  html: string | null;
  preview: string;
  attachments: ParsedAttachment[];
}

const NO_SUBJECT = '(no subject)';

const addresses = (value: AddressObject | AddressObject[] | undefined): string | null => {
  if (!value) return null;
  const text = (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
  return text || null;
};

const displayNames = (value: AddressObject | AddressObject[] | undefined): string | null => {
  if (!value) return null;
  const names = (Array.isArray(value) ? value : [value])
    .flatMap((a) => a.value)
    .map((a) => a.name || a.address || '')
    .filter((name) => name.length > 0);
  return names.length > 0 ? names.join('; ') : null;
};

/** Subject without reply and forward prefixes (MS-ASEMAIL ThreadTopic). */
export const threadTopicOf = (subject: string) =>
  subject.replace(/^\s*((re|fw|fwd|aw|wg|sv|vs)\s*(\[\d+\])?\s*:\s*)+/i, '').trim();
/** What Exchange groups a conversation by. */
const topicOf = (subject: string) => threadTopicOf(subject).toLowerCase();

/**
 * ConversationId and ConversationIndex (MS-ASEMAIL 2.2.2.14/15, MS-OXOMSG Thread-Index): taken
 * from Thread-Index when the sender set one, otherwise a stable hash of the topic, with a
 * 22-byte index header (reserved byte, 5 bytes of FILETIME, 16-byte GUID) built from it.
 */
function conversation(threadIndex: string | undefined, topic: string, date: Date) {
  const given = threadIndex ? Buffer.from(threadIndex.replace(/\s+/g, ''), 'base64') : undefined;
  if (given && given.length >= 22 && (given.length - 22) % 5 === 0)
    return { id: given.subarray(6, 22), index: given };
  const id = createHash('md5').update(topic).digest();
  const filetime = (BigInt(date.getTime()) + 11_644_473_600_000n) * 10_000n;
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(filetime);
  return { id, index: Buffer.concat([Buffer.from([1]), time.subarray(0, 5), id]) };
}

/** The first characters with whitespace runs folded; reads only the start of a long body. */
export const previewOf = (text: string) =>
  text
    .slice(0, MAILBOX_LIMITS.previewChars * 4)
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAILBOX_LIMITS.previewChars);

function messageClassOf(contentType: string | undefined): string {
  if (contentType === 'multipart/signed') return 'IPM.Note.SMIME.MultipartSigned';
  if (contentType === 'application/pkcs7-mime' || contentType === 'application/x-pkcs7-mime')
    return 'IPM.Note.SMIME';
  return 'IPM.Note';
}

function fromParsed(mail: ParsedMail, receivedAt: Date): ParsedEmail {
  const subject = mail.subject?.trim() || NO_SUBJECT;
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null;
  const text = mail.text ?? '';
  const threadTopic = mail.headers.get('thread-topic');
  const threadIndex = mail.headers.get('thread-index');
  const { id, index } = conversation(
    typeof threadIndex === 'string' ? threadIndex : undefined,
    topicOf(typeof threadTopic === 'string' ? threadTopic : subject),
    date ?? receivedAt,
  );
  // mailparser files Importance, Priority, X-Priority and X-MSMail-Priority under `priority`.
  const priority = mail.headers.get('priority');
  const contentType = mail.headers.get('content-type') as { value?: string } | undefined;
  return {
    subject,
    from: addresses(mail.from),
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    replyTo: addresses(mail.replyTo),
    displayTo: displayNames(mail.to),
    date,
    importance: priority === 'high' ? 2 : priority === 'low' ? 0 : 1,
    messageClass: messageClassOf(contentType?.value?.toLowerCase()),
    conversationId: id,
    conversationIndex: index,
    text,
    html: typeof mail.html === 'string' ? mail.html : null,
    preview: previewOf(text),
    attachments: mail.attachments.map((a) => ({
      fileName: a.filename ?? null,
      contentType: a.contentType || 'application/octet-stream',
      contentId: a.contentId ? a.contentId.replace(/^<|>$/g, '') : null,
      isInline: a.contentDisposition === 'inline' || a.related === true,
      data: a.content,
    })),
  };
}

/**
 * The body of a message whose structure yielded nothing (a multipart whose boundary never
 * appears, no header block at all): everything after the headers, as UTF-8 where it is.
 */
function readableBody(raw: Buffer): string {
  const text = raw.toString('utf8');
  const end = /\r?\n\r?\n/.exec(text);
  return (end ? text.slice(end.index + end[0].length) : text).trim();
}

/** Never throws: what cannot be parsed is kept as text. */
export async function parseMessage(raw: Buffer, receivedAt: Date): Promise<ParsedEmail> {
  try {
    // Nothing here uses mailparser's HTML rendering of plain text: skip it and its link scan.
    const options = { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true };
    const parsed = fromParsed(await simpleParser(raw, options), receivedAt);
    if (parsed.text || parsed.html !== null || parsed.attachments.length > 0) return parsed;
    const text = readableBody(raw);
    return { ...parsed, text, preview: previewOf(text) };
  } catch {
    const text = raw.toString('latin1');
    const { id, index } = conversation(undefined, NO_SUBJECT, receivedAt);
    return {
      subject: NO_SUBJECT,
      from: null,
      to: null,
      cc: null,
      replyTo: null,
      displayTo: null,
      date: null,
      importance: 1,
      messageClass: 'IPM.Note',
      conversationId: id,
      conversationIndex: index,
      text,
      html: null,
      preview: previewOf(text),
      attachments: [],
    };
  }
}
