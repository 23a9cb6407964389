// Many devices holding Pings against the bench server, from this process: each held Ping on
// its own keep-alive HTTPS connection (a phone's), set-up requests over a few shared ones.
// Given CAS's plain-HTTP port, the fleet is instead a TLS-terminating front end: the same
// connections in plain HTTP, each request naming its user in the trusted identity header.
// Devices send no policy key: the bench turns AllowNonProvisionableDevices on, so a device
// costs one FolderSync (its hierarchy state, which Ping checks) before it can hold a Ping.
import * as http from 'node:http';
import * as https from 'node:https';
import { decode, encode, fromXml, type WbxmlElement } from '@mail/wbxml';
import { findAll, textOf, type Stack } from '../../libs/runtime/src/testing';
import { processUsage } from '../shared/process-usage';

export interface Credentials {
  user: string;
  password: string;
}

export interface Answer {
  status: number;
  easStatus?: number;
  folders: string[];
}

const wbxml = (xml: string) => Buffer.from(encode(fromXml(xml)));
const FOLDER_SYNC_0 = wbxml(
  '<FolderSync xmlns="FolderHierarchy:"><SyncKey>0</SyncKey></FolderSync>',
);

function read(status: number, body: Buffer): Answer {
  if (body.length === 0) return { status, folders: [] };
  const tree = decode(body);
  const content = (Array.isArray(tree.content) ? tree.content : []) as WbxmlElement[];
  const easStatus = Number(content.find((c) => c.tag === 'Status')?.content);
  const folders = content.find((c) => c.tag === 'Folders');
  return {
    status,
    easStatus,
    folders: ((folders?.content ?? []) as WbxmlElement[]).map((f) => String(f.content)),
  };
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

export class PingFleet {
  /** One connection per held Ping; a connection is reused by the device's next Ping. */
  private readonly held: http.Agent;
  private readonly setup: http.Agent;
  private readonly open = new Set<http.ClientRequest>();

  constructor(
    private readonly stack: Stack,
    private readonly frontEndPort?: number,
  ) {
    const agent = (options: http.AgentOptions) =>
      frontEndPort ? new http.Agent(options) : new https.Agent({ ...options, ca: stack.ca });
    this.held = agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 65_536 });
    this.setup = agent({ keepAlive: true, maxSockets: 16 });
  }

  /** The Ping request body. */
  static ping(heartbeatSeconds: number, folderIds: string[]): Buffer {
    const folders = folderIds
      .map((id) => `<Folder><Id>${id}</Id><Class>Email</Class></Folder>`)
      .join('');
    return wbxml(
      `<Ping xmlns="Ping:"><HeartbeatInterval>${heartbeatSeconds}</HeartbeatInterval>` +
        `<Folders>${folders}</Folders></Ping>`,
    );
  }

  /** FolderSync 0 for a device: registers it and gives it its hierarchy; the Inbox id. */
  async enroll(who: Credentials, deviceId: string, tries = 3): Promise<string> {
    try {
      return await this.folderSync(who, deviceId);
    } catch (error) {
      // A loaded machine may answer 503 (a role missed its deadline): try again, as a device does.
      if (tries <= 1) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return this.enroll(who, deviceId, tries - 1);
    }
  }

  private async folderSync(who: Credentials, deviceId: string): Promise<string> {
    const { status, body } = await this.post(
      who,
      deviceId,
      'FolderSync',
      FOLDER_SYNC_0,
      this.setup,
    );
    if (status !== 200 || body.length === 0)
      throw new Error(`FolderSync for ${deviceId}: HTTP ${status} ${body.toString('latin1')}`);
    const inbox = findAll(decode(body), 'Add').find((add) => textOf(add, 'Type') === '2');
    const id = textOf(inbox, 'ServerId');
    if (!id) throw new Error(`FolderSync for ${deviceId} gave no Inbox`);
    return id;
  }

  /** Sends a Ping and resolves when it is answered; `sent` when the request is on the wire. */
  ping(who: Credentials, deviceId: string, body: Buffer, sent?: () => void): Promise<Answer> {
    return this.post(who, deviceId, 'Ping', body, this.held, sent).then((a) =>
      read(a.status, a.body),
    );
  }

  /**
   * Sync of one email folder from `key` ('0' primes it): the next key, the subjects of the
   * items added, and whether more are waiting. On the device's own connection, as a phone does.
   */
  async sync(
    who: Credentials,
    deviceId: string,
    folderId: string,
    key: string,
  ): Promise<{ key: string; subjects: string[]; more: boolean }> {
    const getChanges = key === '0' ? '' : '<GetChanges>1</GetChanges><WindowSize>100</WindowSize>';
    const request = wbxml(
      `<Sync xmlns="AirSync:"><Collections><Collection><SyncKey>${key}</SyncKey>` +
        `<CollectionId>${folderId}</CollectionId>${getChanges}</Collection></Collections></Sync>`,
    );
    const { status, body } = await this.post(who, deviceId, 'Sync', request, this.held);
    // An empty body: nothing changed, the key stays.
    if (status === 200 && body.length === 0) return { key, subjects: [], more: false };
    const tree = status === 200 ? decode(body) : undefined;
    const next = tree && textOf(tree, 'SyncKey');
    if (!tree || !next) throw new Error(`Sync for ${deviceId}: HTTP ${status}`);
    return {
      key: next,
      subjects: findAll(tree, 'Add').map((add) => textOf(add, 'Subject') ?? ''),
      more: findAll(tree, 'MoreAvailable').length > 0,
    };
  }

  /** Drops every held Ping's connection (the server stops holding them). */
  close(): void {
    for (const req of this.open) req.destroy();
    this.held.destroy();
    this.setup.destroy();
  }

  /** Resident memory (kB) and CPU time (clock ticks) of the server process, from /proc. */
  serverUsage(): { rssKb: number; cpuTicks: number } {
    return processUsage(this.stack.server.child.pid!);
  }

  private post(
    who: Credentials,
    deviceId: string,
    command: string,
    body: Buffer,
    agent: http.Agent,
    sent?: () => void,
  ): Promise<{ status: number; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const query = new URLSearchParams({
        Cmd: command,
        User: who.user,
        DeviceId: deviceId,
        DeviceType: 'BenchPhone',
      });
      const signIn = this.frontEndPort
        ? { 'X-Forwarded-User': who.user }
        : {
            Authorization: `Basic ${Buffer.from(`${who.user}:${who.password}`).toString('base64')}`,
          };
      const req = (this.frontEndPort ? http.request : https.request)(
        {
          host: '127.0.0.1',
          servername: 'localhost',
          port: this.frontEndPort ?? this.stack.ports.https,
          method: 'POST',
          path: `/Microsoft-Server-ActiveSync?${query}`,
          agent,
          headers: {
            ...signIn,
            'MS-ASProtocolVersion': '14.1',
            'Content-Type': 'application/vnd.ms-sync.wbxml',
            'Content-Length': String(body.length),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            this.open.delete(req);
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) });
          });
        },
      );
      this.open.add(req);
      req.on('error', (error) => {
        this.open.delete(req);
        reject(error);
      });
      req.end(body, () => sent?.());
    });
  }
}
