/**
 * What the sending and fetching end-to-end suites share: a stack on the machine's PostgreSQL
 * and NATS with two users and a send connector to a test SMTP sink (a remote MTA), devices for
 * them, a bus client of the test's own that only finds item ids (as Sync would), and builders
 * of the requests the suites send.
 */
import { randomBytes } from 'node:crypto';
import { FolderListSubject, ItemFetch, ItemList, type FetchedItem } from '@mail/contracts';
import { createBusTransport, type BusClient } from '@mail/runtime';
import {
  EasClient,
  SmtpSink,
  TEST_NATS_URL,
  createTestDatabase,
  findAll,
  startStack,
  textOf,
  uniqueName,
  type EasAnswer,
  type EasVersion,
  type Stack,
} from '@mail/runtime/testing';
import { el, type WbxmlElement } from '@mail/wbxml';
import MailComposer from 'nodemailer/lib/mail-composer';

export const ADMIN = { user: 'admin@contoso.com', password: 'Admin-Password-1' };
export const PAT = { user: 'pat@contoso.com', password: 'Pat-Password-1' };
export const LEE = { user: 'lee@contoso.com', password: 'Lee-Password-1' };
export type Account = typeof PAT;

/** A message as a device writes it (Bcc kept: transport takes recipients from it). */
export async function message(mail: ConstructorParameters<typeof MailComposer>[0]) {
  const node = new MailComposer(mail).compile();
  node.keepBcc = true;
  return node.build();
}

export function compose(
  command: 'SendMail' | 'SmartReply' | 'SmartForward',
  mime: Buffer,
  extra: { clientId?: string; source?: Record<string, string>; replaceMime?: boolean } = {},
): WbxmlElement {
  const C = 'ComposeMail';
  const source = extra.source
    ? [
        el(
          C,
          'Source',
          Object.entries(extra.source).map(([tag, value]) => el(C, tag, value)),
        ),
      ]
    : [];
  return el(C, command, [
    el(C, 'ClientId', extra.clientId ?? randomBytes(8).toString('hex')),
    ...source,
    el(C, 'SaveInSentItems'),
    ...(extra.replaceMime ? [el(C, 'ReplaceMime')] : []),
    el(C, 'Mime', new Uint8Array(mime)),
  ]);
}

export const fetchItemRequest = (collectionId: string, serverId: string, mime = false) =>
  `<ItemOperations xmlns="ItemOperations" xmlns:airsync="AirSync" xmlns:airsyncbase="AirSyncBase">
    <Fetch><Store>Mailbox</Store><airsync:CollectionId>${collectionId}</airsync:CollectionId>
      <airsync:ServerId>${serverId}</airsync:ServerId>
      <Options>${mime ? '<airsync:MIMESupport>2</airsync:MIMESupport>' : ''}
        <airsyncbase:BodyPreference><airsyncbase:Type>${mime ? 4 : 1}</airsyncbase:Type></airsyncbase:BodyPreference>
      </Options></Fetch></ItemOperations>`;

export const fetchAttachmentRequest = (fileReference: string, range?: string) =>
  `<ItemOperations xmlns="ItemOperations" xmlns:airsyncbase="AirSyncBase">
    <Fetch><Store>Mailbox</Store><airsyncbase:FileReference>${fileReference}</airsyncbase:FileReference>
      ${range ? `<Options><Range>${range}</Range></Options>` : ''}</Fetch></ItemOperations>`;

/** The Status of the first Fetch result (the response's own Status comes first in the tree). */
export const fetchStatus = (answer: EasAnswer) =>
  textOf(findAll(answer.tree, 'Fetch')[0], 'Status');

const FOLDER_SYNC = '<FolderSync xmlns="FolderHierarchy:"><SyncKey>0</SyncKey></FolderSync>';
const syncRequest = (collectionId: string, key: string) =>
  `<Sync xmlns="AirSync:"><Collections><Collection><SyncKey>${key}</SyncKey>` +
  `<CollectionId>${collectionId}</CollectionId>${key === '0' ? '' : '<GetChanges>1</GetChanges>'}` +
  '</Collection></Collections></Sync>';

export interface MailStack {
  stack: Stack;
  bus: BusClient;
  sink: SmtpSink;
  device(who: Account, deviceId: string, version?: EasVersion): EasClient;
  /** An email of that subject in the folder of that type, once it is there (by the bus). */
  findEmail(
    mailbox: string,
    type: number,
    subject: string,
    timeoutMs?: number,
  ): Promise<{ folderId: string; items: FetchedItem[] }>;
  /** FolderSync, then Sync of the folder of that type until an Add with this subject comes. */
  syncUntilAdded(
    phone: EasClient,
    type: number,
    subject: string,
  ): Promise<{ collectionId: string; add: WbxmlElement }>;
  close(): Promise<void>;
}

export async function startMailStack(name: string): Promise<MailStack> {
  const sink = new SmtpSink(() => 'accept');
  const sinkPort = await sink.start();
  const database = await createTestDatabase();
  const prefix = uniqueName(name);
  const stack = await startStack({
    env: {
      ORG_DOMAIN: 'contoso.com',
      ADMIN_PASSWORD: ADMIN.password,
      DATABASE_URL: database.url,
      NATS_URL: TEST_NATS_URL,
      BUS_PREFIX: prefix,
      // Megabytes through every role on a machine shared with other suites.
      BUS_TIMEOUT_MS: '30000',
    },
    startTimeoutMs: 90_000,
  });
  const bus = createBusTransport({
    natsServers: [TEST_NATS_URL],
    prefix,
    timeoutMs: 10_000,
    drainTimeoutMs: 500,
    name,
  }).client;
  for (const [who, displayName] of [
    [PAT, 'Pat Lee'],
    [LEE, 'Lee Chen'],
  ] as const)
    await stack.mailctlJson(
      ['mailbox', 'add', who.user, '--display-name', displayName, '--password', who.password],
      ADMIN,
    );
  await stack.mailctlJson(
    [
      ...['connector', 'send', 'add', 'Tailspin', '--address-space', 'tailspin.example'],
      ...['--smart-host', `127.0.0.1:${sinkPort}`],
    ],
    ADMIN,
  );

  const device = (who: Account, deviceId: string, version: EasVersion = '14.1') =>
    new EasClient({
      port: stack.ports.https,
      ca: stack.ca,
      ...who,
      deviceId,
      version,
      autoProvision: true,
    });

  async function findEmail(mailbox: string, type: number, subject: string, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    const { folders } = await bus.request(FolderListSubject, { mailbox });
    const folder = folders.find((f) => f.type === type && f.isDefault)!;
    for (;;) {
      const { items } = await bus.request(ItemList, { mailbox, folderId: folder.id, limit: 200 });
      if (items.length > 0) {
        const fetched = await bus.request(ItemFetch, {
          mailbox,
          itemIds: items.map((i) => i.itemId),
          select: { properties: true, attachments: false },
        });
        const found = fetched.items.filter((i) => i.headers?.subject === subject);
        if (found.length > 0) return { folderId: folder.id, items: found };
      }
      if (Date.now() > deadline) throw new Error(`no "${subject}" in ${mailbox}'s folder ${type}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function syncUntilAdded(phone: EasClient, type: number, subject: string) {
    const folders = await phone.send('FolderSync', FOLDER_SYNC);
    const folder = findAll(folders.tree, 'Add').find((a) => textOf(a, 'Type') === String(type));
    const collectionId = textOf(folder, 'ServerId')!;
    let key = '0';
    for (let attempt = 0; attempt < 80; attempt++) {
      const answer = await phone.send('Sync', syncRequest(collectionId, key));
      if (textOf(answer.tree, 'Status') !== '1') throw new Error(`Sync failed:\n${answer.xml}`);
      const add = findAll(answer.tree, 'Add').find((a) => textOf(a, 'Subject') === subject);
      if (add) return { collectionId, add };
      key = textOf(answer.tree, 'SyncKey')!;
      if (key !== '1') await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${subject} was not synced`);
  }

  return {
    stack,
    bus,
    sink,
    device,
    findEmail,
    syncUntilAdded,
    close: async () => {
      await stack.stop('SIGTERM');
      await bus.close();
      await database.drop();
      await sink.stop();
    },
  };
}
