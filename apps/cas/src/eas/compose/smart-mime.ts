/**
 * The message a SmartReply or SmartForward sends (MS-ASCMD 2.2.1.19, 2.2.1.20): the device
 * sends only its new text and headers; the server adds the original message below it (an
 * Outlook-style header block, then the original body, as text and as HTML when either side
 * has HTML) and, for a forward, the original attachments. Parsing is mailparser's and the new
 * message is built by nodemailer's MailComposer: no MIME is written by hand here.
 */
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import MailComposer, { type MailComposerAttachment } from 'nodemailer/lib/mail-composer';

export type SmartKind = 'reply' | 'forward';

type Address = { name: string; address: string };

/** The address objects of a header as name/address pairs MailComposer takes. */
function addresses(field: AddressObject | AddressObject[] | undefined): Address[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((o) =>
    o.value.filter((a) => a.address).map((a) => ({ name: a.name ?? '', address: a.address! })),
  );
}

const listed = (field: AddressObject | AddressObject[] | undefined) =>
  addresses(field)
    .map((a) => (a.name ? `${a.name} <${a.address}>` : a.address))
    .join('; ');

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c as '&'],
  );

/** mailparser leaves `html` false or unset for a message without an HTML part. */
const hasHtml = (mail: ParsedMail): mail is ParsedMail & { html: string } =>
  typeof mail.html === 'string';

/** The lines that introduce the original, as Outlook and Exchange write them. */
function headerBlock(original: ParsedMail): Array<[string, string]> {
  const lines: Array<[string, string]> = [
    ['From', listed(original.from)],
    ['Sent', original.date ? original.date.toUTCString() : ''],
    ['To', listed(original.to)],
  ];
  const cc = listed(original.cc);
  if (cc) lines.push(['Cc', cc]);
  lines.push(['Subject', original.subject ?? '']);
  return lines;
}

function textBody(reply: ParsedMail, original: ParsedMail): string {
  const block = headerBlock(original)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  return `${reply.text ?? ''}\r\n\r\n-----Original Message-----\r\n${block}\r\n\r\n${original.text ?? ''}`;
}

function htmlBody(reply: ParsedMail, original: ParsedMail): string {
  const asHtml = (mail: ParsedMail) =>
    hasHtml(mail) ? mail.html : `<pre>${escapeHtml(mail.text ?? '')}</pre>`;
  const block = headerBlock(original)
    .map(([name, value]) => `<b>${name}:</b> ${escapeHtml(value)}<br>`)
    .join('\n');
  return `${asHtml(reply)}\n<hr>\n<div>${block}</div>\n${asHtml(original)}`;
}

function attachment(a: Attachment): MailComposerAttachment {
  return {
    filename: a.filename ?? false,
    content: a.content,
    contentType: a.contentType,
    contentDisposition: a.contentDisposition === 'inline' ? 'inline' : 'attachment',
    ...(a.cid ? { cid: a.cid } : {}),
  };
}

/** Parses a message keeping `cid:` links (the parts they name travel with the message). */
export function parseMessage(mime: Buffer): Promise<ParsedMail> {
  return simpleParser(mime, { keepCidLinks: true });
}

/**
 * The device's message with the original carried over. A forward takes every attachment of
 * the original; a reply only the inline parts the original's HTML shows (its images).
 */
export async function composeSmartMessage(
  kind: SmartKind,
  deviceMime: Buffer,
  originalMime: Buffer,
): Promise<Buffer> {
  const [reply, original] = await Promise.all([
    parseMessage(deviceMime),
    parseMessage(originalMime),
  ]);
  const html = hasHtml(reply) || hasHtml(original);
  const carried = original.attachments.filter(
    (a) => kind === 'forward' || (a.related === true && a.cid !== undefined),
  );
  const references = [
    ...(typeof original.references === 'string'
      ? [original.references]
      : (original.references ?? [])),
    ...(original.messageId ? [original.messageId] : []),
  ];
  const composer = new MailComposer({
    from: addresses(reply.from),
    to: addresses(reply.to),
    cc: addresses(reply.cc),
    bcc: addresses(reply.bcc),
    subject: reply.subject ?? '',
    ...(reply.messageId ? { messageId: reply.messageId } : {}),
    ...(reply.date ? { date: reply.date } : {}),
    inReplyTo: reply.inReplyTo ?? (kind === 'reply' ? original.messageId : undefined),
    references: reply.references ?? (kind === 'reply' ? references : undefined),
    text: textBody(reply, original),
    ...(html ? { html: htmlBody(reply, original) } : {}),
    attachments: [...reply.attachments, ...carried].map(attachment),
  });
  const node = composer.compile();
  // Transport takes the recipients from To, Cc and Bcc, and removes Bcc before delivery.
  node.keepBcc = true;
  return node.build();
}
