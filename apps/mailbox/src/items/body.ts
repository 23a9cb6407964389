/**
 * The body an EAS client asked for (MS-ASAIRS BodyPreference), from what the item stores: an
 * email's parsed plain and HTML bodies or its raw MIME, another class's Body. Plain text and
 * HTML convert both ways; RTF and MIME are given only as stored. Truncation cuts UTF-8 bytes
 * on a character boundary and reports the whole size.
 */
import { htmlToText } from 'html-to-text';
import type { BodyType, ClassBody, FetchedBody } from '@mail/contracts';
import type { ItemRow } from '../persistence/item-reads.repository';
import { toBuffer } from './item-view';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Plain text as HTML, line breaks kept. */
export const textToHtml = (text: string) =>
  `<html><body><div>${escapeHtml(text).replace(/\r?\n/g, '<br>')}</div></body></html>`;

/** Cuts a string to at most `max` UTF-8 bytes without splitting a character. */
function truncateText(text: string, max: number | undefined): FetchedBody {
  const bytes = Buffer.from(text, 'utf8');
  if (max === undefined || bytes.length <= max)
    return { type: 'text', data: text, truncated: false, size: bytes.length };
  let end = max;
  // Back up over continuation bytes (10xxxxxx) to the start of the character that was cut.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return {
    type: 'text',
    data: bytes.subarray(0, end).toString('utf8'),
    truncated: true,
    size: bytes.length,
  };
}

function truncateBytes(bytes: Buffer, max: number | undefined) {
  const truncated = max !== undefined && bytes.length > max;
  return {
    data: (truncated ? bytes.subarray(0, max) : bytes).toString('base64'),
    truncated,
    size: bytes.length,
  };
}

const text = (data: string, max?: number): FetchedBody => truncateText(data, max);
const html = (data: string, max?: number): FetchedBody => ({
  ...truncateText(data, max),
  type: 'html',
});

/** An email's body: its stored text and HTML, or the raw message for `mime` (and `rtf`, which email never has). */
function emailBody(row: ItemRow, type: BodyType, max?: number): FetchedBody {
  if (type === 'mime') return { type: 'mime', ...truncateBytes(toBuffer(row.raw!), max) };
  if (type === 'html') return html(row.body_html ?? textToHtml(row.body_text ?? ''), max);
  return text(row.body_text ?? '', max);
}

function classBody(body: ClassBody, type: BodyType, max?: number): FetchedBody {
  if (body.Type === 3) {
    // RTF is compressed and binary: never cut (a cut RTF stream cannot be read).
    return { type: 'rtf', ...truncateBytes(Buffer.from(body.Data, 'base64'), undefined) };
  }
  const isHtml = body.Type === 2;
  if (type === 'html') return html(isHtml ? body.Data : textToHtml(body.Data), max);
  return text(isHtml ? htmlToText(body.Data, { wordwrap: false }) : body.Data, max);
}

/** The body to answer with, or null when a class item has none. */
export function selectBody(
  row: ItemRow,
  request: { type: BodyType; truncateBytes?: number },
): FetchedBody | null {
  if (row.item_class === 'Email') return emailBody(row, request.type, request.truncateBytes);
  const body = (row.properties as { Body?: ClassBody } | null)?.Body;
  return body ? classBody(body, request.type, request.truncateBytes) : null;
}

/** Whether a selector needs the raw MIME read. */
export const needsMime = (request: { type: BodyType } | undefined) => request?.type === 'mime';
