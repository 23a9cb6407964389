/**
 * Autodiscover for mobile devices (MS-ASCMD 2.2.1.1): plain XML, not WBXML. The request names
 * an email address and the response schema the device accepts; the response gives the EAS URL
 * (mobilesync response schema), a Redirect to another address, or an Error. Pure: text in,
 * text out. Requests are bounded before parsing and may not declare a DOCTYPE.
 */
import { XMLParser } from 'fast-xml-parser';
import { EAS_LIMITS } from '../eas/limits';

export const REQUEST_SCHEMA =
  'http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006';
export const MOBILESYNC_RESPONSE_SCHEMA =
  'http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006';
export const RESPONSE_SCHEMA =
  'http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006';

/** Autodiscover error codes (the responseschema Error element). */
export const AUTODISCOVER_ERRORS = {
  invalidRequest: { code: 600, message: 'Invalid Request' },
  schemaNotSupported: { code: 601, message: 'Requested schema version not supported' },
  notFound: { code: 500, message: 'The email address cannot be found.' },
} as const;
export type AutodiscoverError = keyof typeof AUTODISCOVER_ERRORS;

/** Elements nested deeper than this are not an Autodiscover request. */
const MAX_DEPTH = 8;
const EMAIL = /^[^\s@<>]{1,64}@[A-Za-z0-9.-]{1,253}$/;

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  processEntities: false,
  parseTagValue: false,
});

export type AutodiscoverRequest =
  { ok: true; emailAddress: string } | { ok: false; error: AutodiscoverError };

function depthOf(xml: string): number {
  let depth = 0;
  let deepest = 0;
  for (const tag of xml.matchAll(/<(\/?)[A-Za-z_]|\/>/g)) {
    if (tag[0] === '/>' || tag[1] === '/') depth--;
    else deepest = Math.max(deepest, ++depth);
  }
  return deepest;
}

export function parseAutodiscoverRequest(body: Buffer): AutodiscoverRequest {
  const invalid = { ok: false, error: 'invalidRequest' } as const;
  if (body.length === 0 || body.length > EAS_LIMITS.autodiscoverMaxBodyBytes) return invalid;
  const xml = body.toString('utf8');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml) || depthOf(xml) > MAX_DEPTH) return invalid;
  let document: Record<string, unknown>;
  try {
    document = parser.parse(xml, true) as Record<string, unknown>;
  } catch {
    return invalid;
  }
  const request = (document.Autodiscover as Record<string, unknown> | undefined)?.Request as
    Record<string, unknown> | undefined;
  const email = request?.EMailAddress;
  const schema = request?.AcceptableResponseSchema;
  if (typeof email !== 'string' || !EMAIL.test(email.trim())) return invalid;
  if (schema !== undefined && String(schema).trim() !== MOBILESYNC_RESPONSE_SCHEMA)
    return { ok: false, error: 'schemaNotSupported' };
  return { ok: true, emailAddress: email.trim().toLowerCase() };
}

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

function document(response: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    `<Autodiscover xmlns="${RESPONSE_SCHEMA}">${response}</Autodiscover>\n`
  );
}

function mobilesync(parts: { displayName: string; emailAddress: string; action: string }): string {
  return document(
    `<Response xmlns="${MOBILESYNC_RESPONSE_SCHEMA}"><Culture>en:us</Culture>` +
      `<User><DisplayName>${escape(parts.displayName)}</DisplayName>` +
      `<EMailAddress>${escape(parts.emailAddress)}</EMailAddress></User>` +
      `<Action>${parts.action}</Action></Response>`,
  );
}

/** The EAS URL for a user (Type MobileSync; Url and Name are the same URL, as Exchange sends). */
export function settingsResponse(user: { displayName: string; emailAddress: string }, url: string) {
  return mobilesync({
    ...user,
    action:
      `<Settings><Server><Type>MobileSync</Type><Url>${escape(url)}</Url>` +
      `<Name>${escape(url)}</Name></Server></Settings>`,
  });
}

/** Tells the device to run Autodiscover again for another address. */
export function redirectResponse(requested: string, to: string) {
  return mobilesync({
    displayName: requested,
    emailAddress: requested,
    action: `<Redirect>${escape(to)}</Redirect>`,
  });
}

export function errorResponse(error: AutodiscoverError, now: Date, id: number) {
  const { code, message } = AUTODISCOVER_ERRORS[error];
  const time = now.toISOString().slice(11, 23);
  return document(
    `<Response><Error Time="${time}" Id="${id >>> 0}"><ErrorCode>${code}</ErrorCode>` +
      `<Message>${escape(message)}</Message><DebugData/></Error></Response>`,
  );
}
