/**
 * The header section of a message (RFC 5322 2.2), read without parsing the body: transport
 * needs only trace fields (hop count), Message-ID, Date, the address fields and to drop Bcc.
 * Works on bytes as latin1 text so any octet survives untouched; bounded in size.
 */
import addressparser from 'nodemailer/lib/addressparser';
import { TRANSPORT_LIMITS } from '../limits';

export interface HeaderField {
  /** Lower case; empty for a line that is not a field (kept, never matched). */
  name: string;
  /** The field as sent, folding kept, without its final line break. */
  raw: string;
  /** Byte range of the field in the message, line breaks included. */
  start: number;
  end: number;
}

export interface HeaderSection {
  fields: HeaderField[];
  /** Where the body starts (after the empty line); the end of what was read if none came. */
  bodyOffset: number;
}

export function parseHeaderSection(
  message: Buffer,
  maxBytes: number = TRANSPORT_LIMITS.maxHeaderBytes,
): HeaderSection {
  const text = message.subarray(0, maxBytes).toString('latin1');
  const fields: HeaderField[] = [];
  let offset = 0;
  while (offset < text.length) {
    const newline = text.indexOf('\n', offset);
    const end = newline < 0 ? text.length : newline + 1;
    const line = text.slice(offset, newline < 0 ? end : newline).replace(/\r$/, '');
    if (line === '') return { fields, bodyOffset: end };
    const last = fields.at(-1);
    if ((line[0] === ' ' || line[0] === '\t') && last) {
      last.raw += `\r\n${line}`;
      last.end = end;
    } else {
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : '';
      fields.push({ name, raw: line, start: offset, end });
    }
    offset = end;
  }
  return { fields, bodyOffset: offset };
}

/** A field's value: after the colon, unfolded, trimmed. */
export function fieldValue(field: HeaderField): string {
  return field.raw
    .slice(field.raw.indexOf(':') + 1)
    .replace(/\r?\n(?=[ \t])/g, '')
    .trim();
}

export function firstValue(section: HeaderSection, name: string): string | undefined {
  const field = section.fields.find((f) => f.name === name);
  return field && fieldValue(field);
}

export function countFields(section: HeaderSection, name: string): number {
  return section.fields.reduce((n, f) => (f.name === name ? n + 1 : n), 0);
}

/** The message without the named fields (Bcc before a message goes out). */
export function withoutFields(message: Buffer, section: HeaderSection, names: string[]): Buffer {
  const dropped = section.fields.filter((f) => names.includes(f.name));
  if (dropped.length === 0) return message;
  const parts: Buffer[] = [];
  let from = 0;
  for (const field of dropped) {
    parts.push(message.subarray(from, field.start));
    from = field.end;
  }
  parts.push(message.subarray(from));
  return Buffer.concat(parts);
}

export interface NamedAddress {
  name: string;
  address: string;
}

/** Every mailbox in the named address fields, groups opened, address lower-cased, in order. */
export function addressesIn(section: HeaderSection, names: string[]): NamedAddress[] {
  const found: NamedAddress[] = [];
  for (const field of section.fields) {
    if (!names.includes(field.name)) continue;
    // Address fields are ASCII or UTF-8 (RFC 6532); the section was read as latin1.
    const value = Buffer.from(fieldValue(field), 'latin1').toString('utf8');
    for (const entry of addressparser(value, { flatten: true })) {
      if (entry.address) found.push({ name: entry.name, address: entry.address.toLowerCase() });
    }
  }
  return found;
}
