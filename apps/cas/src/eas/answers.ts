/**
 * EAS HTTP responses: the headers every answer carries, a WBXML body, and a refusal turned
 * into what the device understands (errors.ts): an HTTP status with its headers, or from 14.0
 * the command's own response carrying the status.
 */
import { encode } from '@mail/wbxml';
import { statusResponse, type EasCommand, type EasContext, type EasResponseBody } from './command';
import { answerFor, type EasError } from './errors';
import {
  RETRY_AFTER_SECONDS,
  SERVER_VERSION,
  WBXML_CONTENT_TYPE,
  type ProtocolVersion,
} from './protocol';

export interface EasHttpResponse {
  status: number;
  headers: Record<string, string>;
  body?: Uint8Array;
  /** Close the connection after answering: the request body was not read. */
  close?: boolean;
}

export const BASIC_CHALLENGE = 'Basic realm="Exchange ActiveSync"';

/**
 * The headers every answer carries, and more. Copied with Object.assign, not `{ ...common, more }`:
 * V8 (Node 20) gives each object a literal makes by a leading spread and then more properties a
 * hidden class of its own, which made every answer's headers megamorphic to whoever read them.
 */
const commonHeaders = (more?: Record<string, string>): Record<string, string> =>
  Object.assign({ 'MS-Server-ActiveSync': SERVER_VERSION, 'Cache-Control': 'private' }, more);

export function wbxmlAnswer(body: EasResponseBody): EasHttpResponse {
  if (body === null) return { status: 200, headers: commonHeaders() };
  if ('contentType' in body)
    return {
      status: 200,
      headers: commonHeaders({ 'Content-Type': body.contentType }),
      body: body.bytes,
    };
  return {
    status: 200,
    headers: commonHeaders({ 'Content-Type': WBXML_CONTENT_TYPE }),
    body: body instanceof Uint8Array ? body : encode(body),
  };
}

export function httpAnswer(status: number, headers: Record<string, string> = {}): EasHttpResponse {
  return { status, headers: commonHeaders(headers) };
}

/** The answer to a refused request; `command` and `version` are known once the gate got there. */
export function refusal(
  error: EasError,
  command: EasCommand | undefined,
  version: ProtocolVersion | undefined,
  context?: EasContext,
): EasHttpResponse {
  const answer = answerFor(error.code, version, command?.protocolErrorStatus);
  if (answer.kind === 'status')
    return wbxmlAnswer(statusResponse(command!, answer.status, context));
  const headers: Record<string, string> = {};
  if (error.code === 'unauthenticated') headers['WWW-Authenticate'] = BASIC_CHALLENGE;
  if (error.code === 'redirect' && error.location) headers['X-MS-Location'] = error.location;
  if (error.code === 'role-unavailable') headers['Retry-After'] = String(RETRY_AFTER_SECONDS);
  const response = httpAnswer(answer.status, headers);
  return error.code === 'body-too-large' ? { ...response, close: true } : response;
}
