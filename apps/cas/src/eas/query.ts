/**
 * The EAS request URI's query (MS-ASHTTP 2.2.1.1.1): the plain form
 * `Cmd=Sync&User=pat&DeviceId=ABC123&DeviceType=iPhone&...` or the base64-encoded form
 * (2.2.1.1.1.1), a byte sequence that also carries the protocol version and the policy key.
 * Pure: a string in, a typed query or the reason it was refused out.
 */
import { EAS_LIMITS } from './limits';
import {
  OPTION_FLAGS,
  PARAMETER_TAGS,
  commandName,
  commandOfCode,
  isProtocolVersion,
  type ProtocolVersion,
} from './protocol';

export interface EasQuery {
  form: 'plain' | 'base64';
  /** The command as named by the spec (unknown names are refused here). */
  command: string;
  user?: string;
  deviceId: string;
  deviceType: string;
  /** Base64 form only: the protocol version byte; the header carries it otherwise. */
  protocolVersion?: ProtocolVersion;
  /** Base64 form only: the policy key field, when present. */
  policyKey?: string;
  /** Command parameters by their plain-form names (SaveInSent and AcceptMultiPart: 'T'/'F'). */
  parameters: Readonly<Record<string, string>>;
}

export type QueryResult = { ok: true; query: EasQuery } | { ok: false; reason: string };

const DEVICE_ID = /^[A-Za-z0-9]{1,128}$/;
// eslint-disable-next-line no-control-regex -- control characters are what is refused
const PRINTABLE = /^[^\u0000-\u001f\u007f]+$/;
const MAX_DEVICE_TYPE = 128;
const MAX_PARAMETER = 1024;
/** Plain-form command parameters of MS-ASHTTP 2.2.1.1.1.2.5 (and the base64 ones by name). */
const PLAIN_PARAMETERS = [
  'AttachmentName',
  'CollectionId',
  'ItemId',
  'LongId',
  'Occurrence',
  'SaveInSent',
  'AcceptMultiPart',
];

const refuse = (reason: string): QueryResult => ({ ok: false, reason });

export function parseEasQuery(raw: string): QueryResult {
  if (raw.length === 0) return refuse('the query is empty');
  if (raw.length > EAS_LIMITS.maxQueryLength)
    return refuse(`the query is longer than ${EAS_LIMITS.maxQueryLength} characters`);
  return /(^|&)cmd=/i.test(raw) ? parsePlain(raw) : parseBase64(raw);
}

function parsePlain(raw: string): QueryResult {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(raw);
  } catch {
    return refuse('the query is not URL-encoded');
  }
  // Parameter names are matched without regard to case: clients differ.
  const values = new Map<string, string>();
  for (const [name, value] of params) {
    const key = name.toLowerCase();
    if (values.has(key)) return refuse(`${name} is given twice`);
    values.set(key, value);
  }
  const command = commandName(values.get('cmd') ?? '');
  if (!command) return refuse(`Cmd ${JSON.stringify(values.get('cmd'))} is not an EAS command`);
  const deviceId = values.get('deviceid') ?? '';
  if (!DEVICE_ID.test(deviceId)) return refuse('DeviceId must be 1-128 letters and digits');
  const deviceType = values.get('devicetype') ?? '';
  if (!validText(deviceType, MAX_DEVICE_TYPE))
    return refuse(`DeviceType must be 1-${MAX_DEVICE_TYPE} printable characters`);
  const user = values.get('user');
  if (user === undefined || !validText(user, 320))
    return refuse('User must be given, 1-320 printable characters');
  const parameters: Record<string, string> = {};
  for (const name of PLAIN_PARAMETERS) {
    const value = values.get(name.toLowerCase());
    if (value === undefined) continue;
    if (!validText(value, MAX_PARAMETER))
      return refuse(`${name} must be 1-${MAX_PARAMETER} printable characters`);
    parameters[name] = value;
  }
  return { ok: true, query: { form: 'plain', command, user, deviceId, deviceType, parameters } };
}

function validText(text: string, max: number): boolean {
  return text.length >= 1 && text.length <= max && PRINTABLE.test(text);
}

/** A forward reader over the decoded bytes; every read past the end fails the parse. */
class Bytes {
  private pos = 0;
  constructor(private readonly bytes: Buffer) {}
  get done(): boolean {
    return this.pos >= this.bytes.length;
  }
  byte(): number | undefined {
    return this.pos < this.bytes.length ? this.bytes[this.pos++] : undefined;
  }
  take(length: number): Buffer | undefined {
    if (this.pos + length > this.bytes.length) return undefined;
    const slice = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return slice;
  }
  /** A length byte then that many bytes. */
  counted(): Buffer | undefined {
    const length = this.byte();
    return length === undefined ? undefined : this.take(length);
  }
}

function parseBase64(raw: string): QueryResult {
  let text: string;
  try {
    text = decodeURIComponent(raw);
  } catch {
    return refuse('the query is not URL-encoded');
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 === 1)
    return refuse('the query is neither a plain query (Cmd=...) nor base64');
  const reader = new Bytes(Buffer.from(text, 'base64'));
  const versionByte = reader.byte();
  const code = reader.byte();
  const locale = reader.take(2);
  if (versionByte === undefined || code === undefined || !locale)
    return refuse('the base64 query is shorter than its fixed fields');
  const version = `${Math.floor(versionByte / 10)}.${versionByte % 10}`;
  if (!isProtocolVersion(version) || version === '2.5' || version === '12.0')
    return refuse(`protocol version ${versionByte} cannot use the base64 query (12.1 and later)`);
  const command = commandOfCode(code);
  if (!command) return refuse(`command code ${code} is not an EAS command`);

  const id = reader.counted();
  if (!id || id.length === 0) return refuse('the base64 query has no device id');
  // A device id is a string or a GUID's 16 bytes (2.2.1.1.1.2.3); binary ids are named in hex.
  const ascii = id.toString('latin1');
  const deviceId = DEVICE_ID.test(ascii) ? ascii : id.toString('hex').toUpperCase();
  if (!DEVICE_ID.test(deviceId)) return refuse('the device id is longer than 64 bytes');

  const key = reader.counted();
  if (!key || (key.length !== 0 && key.length !== 4))
    return refuse('the policy key field must be 0 or 4 bytes');
  const policyKey = key.length === 4 ? String(key.readUInt32LE(0)) : undefined;

  const type = reader.counted();
  const deviceType = type?.toString('utf8') ?? '';
  if (!validText(deviceType, MAX_DEVICE_TYPE))
    return refuse(`the device type must be 1-${MAX_DEVICE_TYPE} printable characters`);

  const parameters: Record<string, string> = {};
  let user: string | undefined;
  while (!reader.done) {
    const tag = reader.byte()!;
    const value = reader.counted();
    const name = PARAMETER_TAGS[tag];
    if (name === undefined) return refuse(`command parameter tag ${tag} is unknown`);
    if (!value) return refuse(`command parameter ${name} runs past the end of the query`);
    if (name === 'Options') {
      if (value.length !== 1) return refuse('the Options parameter must be one byte');
      parameters.SaveInSent = value[0] & OPTION_FLAGS.SaveInSent ? 'T' : 'F';
      parameters.AcceptMultiPart = value[0] & OPTION_FLAGS.AcceptMultiPart ? 'T' : 'F';
      continue;
    }
    const decoded = value.toString('utf8');
    if (!validText(decoded, MAX_PARAMETER))
      return refuse(`command parameter ${name} must be printable text`);
    if (name === 'User') user = decoded;
    else parameters[name] = decoded;
  }
  return {
    ok: true,
    query: {
      form: 'base64',
      command,
      user,
      deviceId,
      deviceType,
      protocolVersion: version,
      policyKey,
      parameters,
    },
  };
}
