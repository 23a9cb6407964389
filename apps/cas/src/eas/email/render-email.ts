/**
 * An email as the ApplicationData of a Sync Add or Fetch, an ItemOperations Fetch or a Search
 * result (MS-ASEMAIL 2.2.2, MS-ASAIRS), for one protocol version: 2.5 carries its body as
 * email:Body / BodyTruncated or email:MIMEData and lists email:Attachments; 12.0+ carries an
 * airsyncbase:Body and airsyncbase:Attachments. Elements follow the order Exchange sends them
 * in (the schemas accept any order here; devices have been seen to expect this one).
 * The policy is enforced on the way out (see email-policy.ts).
 */
import { htmlToText } from 'html-to-text';
import type { AttachmentInfo, EmailHeaders, FetchedBody, FetchedItem } from '@mail/contracts';
import type { EasPolicy } from '@mail/policy';
import { el, type WbxmlElement } from '@mail/wbxml';
import { atLeast, type ProtocolVersion } from '../protocol';
import type { BodyChoice } from './email-policy';
import { visibleAttachments } from './email-policy';
import { encodeFileReference } from './file-reference';

const E = 'Email';
const E2 = 'Email2';
const B = 'AirSyncBase';
const T = 'Tasks';

/** UTF-8 as every EAS string is sent (MS-ASEMAIL InternetCPID is a Windows code page). */
const INTERNET_CPID_UTF8 = '65001';
const CONTENT_CLASS = 'urn:content-classes:message';
const FLAG_TYPE = 'for Follow Up';

export interface EmailView {
  version: ProtocolVersion;
  settings: EasPolicy;
  /** null: no body (a Sync without body, a Change). */
  body: BodyChoice | null;
}

const bool = (value: boolean) => (value ? '1' : '0');
const optional = (ns: string, tag: string, value: string | null | undefined) =>
  value === null || value === undefined || value === '' ? [] : [el(ns, tag, value)];

/** MS-ASEMAIL Flag; an empty Flag clears it. */
export function flagElement(flag: EmailHeaders['flag']): WbxmlElement {
  if (flag.status === 0) return el(E, 'Flag');
  return el(E, 'Flag', [
    el(E, 'Status', String(flag.status)),
    el(E, 'FlagType', FLAG_TYPE),
    ...optional(T, 'StartDate', flag.startDate),
    ...optional(T, 'UtcStartDate', flag.startDate),
    ...optional(T, 'DueDate', flag.dueDate),
    ...optional(T, 'UtcDueDate', flag.dueDate),
    ...(flag.status === 1 ? optional(E, 'CompleteTime', flag.completeTime) : []),
    ...(flag.status === 1 ? optional(T, 'DateCompleted', flag.completeTime) : []),
  ]);
}

function categoriesElement(categories: readonly string[]): WbxmlElement {
  return el(
    E,
    'Categories',
    categories.map((c) => el(E, 'Category', c)),
  );
}

/** The properties a Sync Change of an email carries: what a user changes on a message. */
export function emailChangeData(headers: EmailHeaders, version: ProtocolVersion): WbxmlElement[] {
  return [
    el(E, 'Read', bool(headers.read)),
    ...(atLeast(version, '12.0') ? [flagElement(headers.flag)] : []),
    ...(atLeast(version, '14.0') ? [categoriesElement(headers.categories)] : []),
  ];
}

/** The body as the device gets it: HTML made plain when the policy forbids it. */
function enforcedBody(body: FetchedBody, choice: BodyChoice, settings: EasPolicy): FetchedBody {
  if (body.type !== 'html' || settings.AllowHTMLEmail !== false) return body;
  const text = htmlToText(body.data, { wordwrap: false });
  const bytes = Buffer.from(text, 'utf8');
  const max = choice.truncateBytes;
  if (max === undefined || bytes.length <= max)
    return { type: 'text', data: text, truncated: body.truncated, size: bytes.length };
  let end = max;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return {
    type: 'text',
    data: bytes.subarray(0, end).toString('utf8'),
    truncated: true,
    size: bytes.length,
  };
}

const EAS_TYPE = { text: 1, html: 2, rtf: 3, mime: 4 } as const;
/** The body as the string EAS carries: MIME as its text, not the mailbox's base64. */
const bodyText = (body: FetchedBody) =>
  body.type === 'mime' ? Buffer.from(body.data, 'base64').toString('utf8') : body.data;

function airSyncBaseBody(body: FetchedBody, choice: BodyChoice, preview: string): WbxmlElement {
  const withheld = choice.allOrNone && body.truncated;
  return el(B, 'Body', [
    el(B, 'Type', String(EAS_TYPE[body.type])),
    el(B, 'EstimatedDataSize', String(body.size)),
    ...(body.truncated ? [el(B, 'Truncated', '1')] : []),
    ...(withheld ? [] : [el(B, 'Data', bodyText(body))]),
    ...(choice.preview ? [el(B, 'Preview', [...preview].slice(0, choice.preview).join(''))] : []),
  ]);
}

/** 2.5: the body as email:Body or email:MIMEData. */
function legacyBody(body: FetchedBody): WbxmlElement[] {
  if (body.type === 'mime')
    return [
      el(E, 'MIMETruncated', bool(body.truncated)),
      el(E, 'MIMESize', String(body.size)),
      el(E, 'MIMEData', bodyText(body)),
    ];
  return [
    el(E, 'BodySize', String(body.size)),
    el(E, 'BodyTruncated', bool(body.truncated)),
    el(E, 'Body', body.data),
  ];
}

function attachmentsElement(attachments: readonly AttachmentInfo[], version: ProtocolVersion) {
  if (!attachments.length) return [];
  const name = (a: AttachmentInfo) => a.fileName ?? (a.method === 5 ? 'message.eml' : 'attachment');
  if (!atLeast(version, '12.0'))
    return [
      el(
        E,
        'Attachments',
        attachments.map((a) =>
          el(E, 'Attachment', [
            el(E, 'AttName', encodeFileReference(a.reference)),
            el(E, 'AttSize', String(a.size)),
            el(E, 'AttMethod', String(a.method)),
            el(E, 'DisplayName', name(a)),
          ]),
        ),
      ),
    ];
  return [
    el(
      B,
      'Attachments',
      attachments.map((a) =>
        el(B, 'Attachment', [
          el(B, 'DisplayName', name(a)),
          el(B, 'FileReference', encodeFileReference(a.reference)),
          el(B, 'Method', String(a.method)),
          el(B, 'EstimatedDataSize', String(a.size)),
          ...optional(B, 'ContentId', a.contentId),
          ...(a.isInline ? [el(B, 'IsInline', '1')] : []),
        ]),
      ),
    ),
  ];
}

/** The ApplicationData children of an email fetched with its headers (and body, attachments). */
export function emailApplicationData(item: FetchedItem, view: EmailView): WbxmlElement[] {
  const headers = item.headers;
  if (!headers) throw new Error(`item ${item.itemId} was fetched without its headers`);
  const { version, settings } = view;
  const modern = atLeast(version, '12.0');
  const body = view.body && item.body ? enforcedBody(item.body, view.body, settings) : null;
  const attachments = visibleAttachments(item.attachments ?? [], settings);
  const bodyElements = !body
    ? []
    : modern
      ? [airSyncBaseBody(body, view.body!, headers.preview)]
      : legacyBody(body);
  return [
    ...optional(E, 'To', headers.to),
    ...optional(E, 'Cc', headers.cc),
    ...optional(E, 'From', headers.from),
    el(E, 'Subject', headers.subject),
    ...optional(E, 'ReplyTo', headers.replyTo),
    el(E, 'DateReceived', headers.dateReceived),
    ...optional(E, 'DisplayTo', headers.displayTo),
    el(E, 'ThreadTopic', headers.threadTopic),
    el(E, 'Importance', String(headers.importance)),
    el(E, 'Read', bool(headers.read)),
    ...attachmentsElement(attachments, version),
    ...bodyElements,
    el(E, 'MessageClass', headers.messageClass),
    el(E, 'InternetCPID', INTERNET_CPID_UTF8),
    ...(modern ? [flagElement(headers.flag), el(E, 'ContentClass', CONTENT_CLASS)] : []),
    ...(atLeast(version, '14.0') ? conversationElements(headers) : []),
  ];
}

/** 14.0+: conversation (opaque bytes), the last verb, categories. */
function conversationElements(headers: EmailHeaders): WbxmlElement[] {
  const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
  return [
    ...(headers.conversationId ? [el(E2, 'ConversationId', bytes(headers.conversationId))] : []),
    ...(headers.conversationIndex
      ? [el(E2, 'ConversationIndex', bytes(headers.conversationIndex))]
      : []),
    ...(headers.lastVerbExecuted !== null
      ? [el(E2, 'LastVerbExecuted', String(headers.lastVerbExecuted))]
      : []),
    ...optional(E2, 'LastVerbExecutionTime', headers.lastVerbExecutionTime),
    categoriesElement(headers.categories),
  ];
}
