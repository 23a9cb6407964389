/**
 * An EAS device for end-to-end tests: WBXML over real HTTPS with the stack's certificate as
 * trust anchor, any protocol version's headers, the plain or the base64 query, requests given
 * as XML text (MS-ASCMD's examples' form), element trees or raw bytes, and Provision done for
 * it when asked (both phases, then the request again). When EAS_XML_DIR is set, every EAS
 * response body it receives is saved there as XML (our codec's view), one uniquely named file
 * each, for /work/shared/conformance/validate-eas-xml (except 2.5 Provision responses, whose
 * text policy document the schemas have no form for).
 *
 * The base64 query is encoded here from MS-ASHTTP 2.2.1.1.1.1 independently of the server's
 * parser, so the two check each other.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { decode, el, encode, fromXml, toXml, type WbxmlElement } from '@mail/wbxml';
import { httpsRequest } from './https-client';

export type EasVersion = '2.5' | '12.0' | '12.1' | '14.0' | '14.1' | '16.0' | '16.1';

export interface EasClientOptions {
  port: number;
  /** The address to connect to (127.0.0.1 unless given; '::1' to come from IPv6). */
  host?: string;
  ca: string;
  user: string;
  password?: string;
  deviceId: string;
  deviceType?: string;
  userAgent?: string;
  version?: EasVersion;
  queryForm?: 'plain' | 'base64';
  /** The User= parameter, when it should differ from the sign-in name. */
  queryUser?: string;
  /** Provision (both phases) and repeat the request when the server asks for it. */
  autoProvision?: boolean;
  clientCertificate?: { cert: string; key: string };
  /** Sent with every request (a Host, a trusted proxy's identity header...). */
  headers?: Record<string, string>;
  /** Keep one connection open across requests, as a phone does; a new one per request if not. */
  keepAlive?: boolean;
}

export interface EasAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The decoded WBXML response, when there is one. */
  tree?: WbxmlElement;
  xml?: string;
  /** The root's Status, when it has one. */
  easStatus?: number;
  /** From sending the request to the answer's last byte: the client's parsing is not in it. */
  elapsedMs: number;
}

export interface SendOptions {
  parameters?: Record<string, string>;
  headers?: Record<string, string>;
  /** Override the policy key sent (null: send none). */
  policyKey?: string | null;
  /** Never provision for this request, whatever the client's setting. */
  noProvision?: boolean;
}

/** MS-ASHTTP 2.2.1.1.1.1.2 and 2.2.1.1.1.1.3, for the base64 query. */
const COMMAND_CODES: Record<string, number> = {
  Sync: 0,
  SendMail: 1,
  SmartForward: 2,
  SmartReply: 3,
  GetAttachment: 4,
  FolderSync: 9,
  FolderCreate: 10,
  FolderDelete: 11,
  FolderUpdate: 12,
  MoveItems: 13,
  GetItemEstimate: 14,
  MeetingResponse: 15,
  Search: 16,
  Settings: 17,
  Ping: 18,
  ItemOperations: 19,
  Provision: 20,
  ResolveRecipients: 21,
  ValidateCert: 22,
  Find: 23,
};
const PARAMETER_TAGS: Record<string, number> = {
  AttachmentName: 0,
  CollectionId: 1,
  ItemId: 3,
  LongId: 4,
  Occurrence: 6,
  User: 8,
};

let saved = 0;

/** Saves an EAS response body as XML into EAS_XML_DIR, when that is set. */
export function saveEasXml(name: string, xml: string): void {
  const dir = process.env.EAS_XML_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const file = `${Date.now()}-${process.pid}-${++saved}-${name}-${randomBytes(3).toString('hex')}.xml`;
  writeFileSync(join(dir, file), xml);
}

export class EasClient {
  /** The final policy key once provisioned (sent as X-MS-PolicyKey). */
  policyKey?: string;
  readonly version: EasVersion;
  private readonly agent?: Agent;

  constructor(readonly config: EasClientOptions) {
    this.version = config.version ?? '14.1';
    if (config.keepAlive) this.agent = new Agent({ keepAlive: true, maxSockets: 1 });
  }

  /** Closes the kept connection, if any. */
  close(): void {
    this.agent?.destroy();
  }

  options(): Promise<EasAnswer> {
    return this.http('OPTIONS', '/Microsoft-Server-ActiveSync', {}, undefined);
  }

  /** Sends a command; the body as XML text, an element tree, raw bytes, or nothing. */
  async send(
    command: string,
    body: string | WbxmlElement | Buffer | null,
    options: SendOptions = {},
  ): Promise<EasAnswer> {
    const bytes =
      body === null
        ? undefined
        : Buffer.isBuffer(body)
          ? body
          : Buffer.from(encode(typeof body === 'string' ? fromXml(body) : body));
    const answer = await this.post(command, bytes, options);
    const askedToProvision =
      answer.status === 449 || [142, 143, 144].includes(answer.easStatus ?? 0);
    if (!askedToProvision || !this.config.autoProvision || options.noProvision) return answer;
    await this.provision();
    return this.post(command, bytes, options);
  }

  /** Both phases of Provision; the final key is kept and returned. */
  async provision(): Promise<string> {
    const type = this.version === '2.5' ? 'MS-WAP-Provisioning-XML' : 'MS-EAS-Provisioning-WBXML';
    const policy = (key?: string) =>
      el('Provision', 'Provision', [
        el('Provision', 'Policies', [
          el('Provision', 'Policy', [
            el('Provision', 'PolicyType', type),
            ...(key === undefined
              ? []
              : [el('Provision', 'PolicyKey', key), el('Provision', 'Status', '1')]),
          ]),
        ]),
      ]);
    const first = await this.post('Provision', Buffer.from(encode(policy())), { policyKey: '0' });
    const temporary = policyKeyOf(first);
    if (!temporary) throw new Error(`Provision gave no policy key:\n${first.xml ?? first.status}`);
    const second = await this.post('Provision', Buffer.from(encode(policy(temporary))), {
      policyKey: temporary,
    });
    const final = policyKeyOf(second);
    if (!final)
      throw new Error(`Provision did not confirm the key:\n${second.xml ?? second.status}`);
    this.policyKey = final;
    return final;
  }

  /** Autodiscover (plain XML); the response is saved like EAS responses. */
  async autodiscover(
    emailAddress: string,
    path = '/autodiscover/autodiscover.xml',
  ): Promise<EasAnswer> {
    const body = Buffer.from(
      '<?xml version="1.0" encoding="utf-8"?>\n' +
        '<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006">' +
        `<Request><EMailAddress>${emailAddress}</EMailAddress>` +
        '<AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006</AcceptableResponseSchema>' +
        '</Request></Autodiscover>',
    );
    return this.rawPost(path, body, { 'Content-Type': 'text/xml' });
  }

  /** A POST of any body to any path, signed in as this device's user (for bad inputs). */
  async rawPost(
    path: string,
    body: Buffer,
    headers: Record<string, string> = {},
  ): Promise<EasAnswer> {
    const answer = await this.http('POST', path, headers, body);
    if (answer.body.length > 0 && /xml/.test(String(answer.headers['content-type']))) {
      answer.xml = answer.body.toString('utf8');
      saveEasXml('Autodiscover', answer.xml);
    }
    return answer;
  }

  private async post(command: string, body: Buffer | undefined, options: SendOptions) {
    const key = options.policyKey === undefined ? this.policyKey : options.policyKey;
    const path = `/Microsoft-Server-ActiveSync?${this.query(command, key ?? undefined, options.parameters)}`;
    const headers: Record<string, string> = {
      'Content-Type': 'application/vnd.ms-sync.wbxml',
      ...options.headers,
    };
    if (this.config.queryForm !== 'base64') {
      headers['MS-ASProtocolVersion'] = this.version;
      if (key !== undefined && key !== null) headers['X-MS-PolicyKey'] = key;
    }
    const answer = await this.http('POST', path, headers, body);
    if (answer.body.length > 0 && /wbxml/.test(String(answer.headers['content-type']))) {
      answer.tree = decode(answer.body);
      answer.xml = toXml(answer.tree);
      // Protocol 2.5 gets its policy as MS-WAP-Provisioning-XML text in Data (MS-ASPROV
      // 2.2.2.24), a form Microsoft's schemas (written for 12.0 and later) do not describe.
      if (!(this.version === '2.5' && command === 'Provision')) saveEasXml(command, answer.xml);
      const status = Array.isArray(answer.tree.content)
        ? (answer.tree.content as WbxmlElement[]).find((c) => c.tag === 'Status')
        : undefined;
      if (typeof status?.content === 'string') answer.easStatus = Number(status.content);
    }
    return answer;
  }

  private query(
    command: string,
    policyKey: string | undefined,
    parameters: Record<string, string> = {},
  ) {
    const options = this.config;
    const user = options.queryUser ?? options.user;
    const deviceType = options.deviceType ?? 'TestDevice';
    if (options.queryForm !== 'base64') {
      return new URLSearchParams({
        Cmd: command,
        User: user,
        DeviceId: options.deviceId,
        DeviceType: deviceType,
        ...parameters,
      }).toString();
    }
    const key = Buffer.alloc(policyKey === undefined ? 0 : 4);
    if (policyKey !== undefined) key.writeUInt32LE(Number(policyKey) >>> 0);
    const field = (value: string) => {
      const bytes = Buffer.from(value);
      return Buffer.concat([Buffer.from([bytes.length]), bytes]);
    };
    const fields = Object.entries({ User: user, ...parameters }).map(([name, value]) =>
      Buffer.concat([Buffer.from([PARAMETER_TAGS[name]]), field(value)]),
    );
    const bytes = Buffer.concat([
      Buffer.from([Math.round(Number(this.version) * 10), COMMAND_CODES[command], 0x09, 0x04]),
      field(options.deviceId),
      Buffer.from([key.length]),
      key,
      field(deviceType),
      ...fields,
    ]);
    return encodeURIComponent(bytes.toString('base64'));
  }

  private async http(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: Buffer | undefined,
  ): Promise<EasAnswer> {
    const { config } = this;
    const sent = performance.now();
    const answer = await httpsRequest({
      port: config.port,
      host: config.host,
      method,
      path,
      ca: config.ca,
      user: config.password === undefined ? undefined : config.user,
      password: config.password,
      headers: {
        ...config.headers,
        ...headers,
        ...(config.userAgent ? { 'User-Agent': config.userAgent } : {}),
      },
      body,
      clientCertificate: config.clientCertificate,
      agent: this.agent,
    });
    return {
      status: answer.status,
      headers: answer.headers,
      body: answer.body,
      elapsedMs: performance.now() - sent,
    };
  }
}

function policyKeyOf(answer: EasAnswer): string | undefined {
  return answer.xml?.match(/<PolicyKey>(\d+)<\/PolicyKey>/)?.[1];
}

/** Every element named `tag` in a tree, depth first (to read responses in tests). */
export function findAll(tree: WbxmlElement | undefined, tag: string): WbxmlElement[] {
  if (!tree) return [];
  const found = tree.tag === tag ? [tree] : [];
  if (Array.isArray(tree.content))
    for (const child of tree.content as WbxmlElement[]) found.push(...findAll(child, tag));
  return found;
}

/** The text of the first `tag` element under `element` (undefined when absent). */
export function textOf(element: WbxmlElement | undefined, tag: string): string | undefined {
  const found = findAll(element, tag)[0];
  return typeof found?.content === 'string' ? found.content : undefined;
}
