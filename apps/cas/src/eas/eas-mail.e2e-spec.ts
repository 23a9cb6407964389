/**
 * A phone sends and fetches mail over real HTTPS against the whole stack, with remote mail
 * going out through a send connector to a test SMTP sink: SendMail with an attachment to a
 * local user and a remote address (received by both, kept in Sent Items, Bcc stripped,
 * a retried ClientId not sent twice), 12.1 SendMail as message/rfc822, SmartReply and
 * SmartForward carrying the original (body, attachments) and marking it, ItemOperations
 * fetching a 5 MB attachment in ranges and as multipart, another user's FileReference
 * refused, GetAttachment at 12.1, a policy without attachments enforced, bad input answered
 * with each command's protocol-error status. The test's own bus client only finds item ids
 * (as Sync would); everything it checks it reads over EAS.
 */
import { randomBytes } from 'node:crypto';
import {
  FOLDER_TYPE,
  FolderCreate,
  FolderListSubject,
  ItemFetch,
  ItemList,
  ItemMoveMany,
  type FetchedItem,
} from '@mail/contracts';
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
  type TestDatabase,
} from '@mail/runtime/testing';
import { decode, el, type WbxmlElement } from '@mail/wbxml';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { decodeMultipart } from './item-operations/multipart';

jest.setTimeout(120_000);

const ADMIN = { user: 'admin@contoso.com', password: 'Admin-Password-1' };
const PAT = { user: 'pat@contoso.com', password: 'Pat-Password-1' };
const LEE = { user: 'lee@contoso.com', password: 'Lee-Password-1' };
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(20_000)]);

const message = async (mail: ConstructorParameters<typeof MailComposer>[0]) => {
  const node = new MailComposer(mail).compile();
  node.keepBcc = true;
  return node.build();
};

const compose = (
  command: 'SendMail' | 'SmartReply' | 'SmartForward',
  mime: Buffer,
  extra: { clientId?: string; source?: Record<string, string>; replaceMime?: boolean } = {},
): WbxmlElement =>
  el('ComposeMail', command, [
    el('ComposeMail', 'ClientId', extra.clientId ?? randomBytes(8).toString('hex')),
    ...(extra.source
      ? [
          el(
            'ComposeMail',
            'Source',
            Object.entries(extra.source).map(([tag, value]) => el('ComposeMail', tag, value)),
          ),
        ]
      : []),
    el('ComposeMail', 'SaveInSentItems'),
    ...(extra.replaceMime ? [el('ComposeMail', 'ReplaceMime')] : []),
    el('ComposeMail', 'Mime', new Uint8Array(mime)),
  ]);

const fetchItemRequest = (collectionId: string, serverId: string, mime = false) =>
  `<ItemOperations xmlns="ItemOperations" xmlns:airsync="AirSync" xmlns:airsyncbase="AirSyncBase">
    <Fetch><Store>Mailbox</Store><airsync:CollectionId>${collectionId}</airsync:CollectionId>
      <airsync:ServerId>${serverId}</airsync:ServerId>
      <Options>${mime ? '<airsync:MIMESupport>2</airsync:MIMESupport>' : ''}
        <airsyncbase:BodyPreference><airsyncbase:Type>${mime ? 4 : 1}</airsyncbase:Type></airsyncbase:BodyPreference>
      </Options></Fetch></ItemOperations>`;

const fetchAttachmentRequest = (fileReference: string, range?: string) =>
  `<ItemOperations xmlns="ItemOperations" xmlns:airsyncbase="AirSyncBase">
    <Fetch><Store>Mailbox</Store><airsyncbase:FileReference>${fileReference}</airsyncbase:FileReference>
      ${range ? `<Options><Range>${range}</Range></Options>` : ''}</Fetch></ItemOperations>`;

const FOLDER_SYNC = '<FolderSync xmlns="FolderHierarchy:"><SyncKey>0</SyncKey></FolderSync>';
const syncRequest = (collectionId: string, key: string) =>
  `<Sync xmlns="AirSync:"><Collections><Collection><SyncKey>${key}</SyncKey>` +
  `<CollectionId>${collectionId}</CollectionId>${key === '0' ? '' : '<GetChanges>1</GetChanges>'}` +
  '</Collection></Collections></Sync>';

/** The Status of the first Fetch result (the response's own Status comes first in the tree). */
const fetchStatus = (answer: EasAnswer) => textOf(findAll(answer.tree, 'Fetch')[0], 'Status');

describe('an EAS device sends and fetches mail', () => {
  let stack: Stack;
  let database: TestDatabase;
  let bus: BusClient;
  let sink: SmtpSink;
  const device = (who: typeof PAT, deviceId: string, version: EasVersion = '14.1') =>
    new EasClient({
      port: stack.ports.https,
      ca: stack.ca,
      ...who,
      deviceId,
      version,
      autoProvision: true,
    });
  let pat: EasClient;
  let lee: EasClient;

  /** FolderSync, then Sync of the folder of that type until an Add with this subject comes. */
  async function syncUntilAdded(phone: EasClient, type: number, subject: string) {
    const folders = await phone.send('FolderSync', FOLDER_SYNC);
    const folder = findAll(folders.tree, 'Add').find((a) => textOf(a, 'Type') === String(type));
    const collectionId = textOf(folder, 'ServerId')!;
    let key = '0';
    for (let attempt = 0; attempt < 80; attempt++) {
      const answer = await phone.send('Sync', syncRequest(collectionId, key));
      expect(Number(textOf(answer.tree, 'Status'))).toBe(1);
      const add = findAll(answer.tree, 'Add').find((a) => textOf(a, 'Subject') === subject);
      if (add) return { collectionId, add };
      key = textOf(answer.tree, 'SyncKey')!;
      if (key !== '1') await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${subject} was not synced`);
  }

  /** The folder of a type, and an email in it whose subject is `subject`, once it is there. */
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
        const found = fetched.items.filter((i: FetchedItem) => i.headers?.subject === subject);
        if (found.length > 0) return { folderId: folder.id, items: found };
      }
      if (Date.now() > deadline) throw new Error(`no "${subject}" in ${mailbox}'s folder ${type}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  beforeAll(async () => {
    sink = new SmtpSink(() => 'accept');
    const sinkPort = await sink.start();
    database = await createTestDatabase();
    const prefix = uniqueName('easmail');
    stack = await startStack({
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
    bus = createBusTransport({
      natsServers: [TEST_NATS_URL],
      prefix,
      timeoutMs: 10_000,
      drainTimeoutMs: 500,
      name: 'eas-mail-e2e',
    }).client;
    for (const [who, name] of [
      [PAT, 'Pat Lee'],
      [LEE, 'Lee Chen'],
    ] as const)
      await stack.mailctlJson(
        ['mailbox', 'add', who.user, '--display-name', name, '--password', who.password],
        ADMIN,
      );
    await stack.mailctlJson(
      [
        ...['connector', 'send', 'add', 'Tailspin', '--address-space', 'tailspin.example'],
        ...['--smart-host', `127.0.0.1:${sinkPort}`],
      ],
      ADMIN,
    );
    pat = device(PAT, 'PatPhone');
    lee = device(LEE, 'LeePhone');
  }, 150_000);
  afterAll(async () => {
    await stack?.stop('SIGTERM');
    await bus?.close();
    await database?.drop();
    await sink?.stop();
  });

  it('SendMail with an attachment reaches a local user and a remote address, and Sent Items', async () => {
    const mime = await message({
      from: 'Pat Lee <pat@contoso.com>',
      to: 'Lee Chen <lee@contoso.com>',
      cc: 'partner@tailspin.example',
      bcc: 'hidden@tailspin.example',
      subject: 'Quarterly report',
      text: 'The report is attached.',
      attachments: [{ filename: 'report.pdf', content: PDF, contentType: 'application/pdf' }],
    });
    const request = compose('SendMail', mime, { clientId: 'send-1' });
    const sent = await pat.send('SendMail', request);
    expect(sent.status).toBe(200);
    expect(sent.body).toHaveLength(0);

    const [remote] = await sink.eventually((r) =>
      r.some((m) => m.to.includes('partner@tailspin.example')),
    );
    expect(remote.to.sort()).toEqual(['hidden@tailspin.example', 'partner@tailspin.example']);
    const received = await simpleParser(remote.raw);
    expect(received.headers.has('bcc')).toBe(false);
    expect(received.attachments[0].content.equals(PDF)).toBe(true);

    // The same ClientId again (the device lost the answer): nothing is sent twice.
    expect((await pat.send('SendMail', request)).status).toBe(200);

    // Lee's phone syncs it, then fetches it whole with ItemOperations.
    const synced = await syncUntilAdded(lee, FOLDER_TYPE.inbox, 'Quarterly report');
    expect(textOf(synced.add, 'From')).toContain('pat@contoso.com');
    const fetched = await lee.send(
      'ItemOperations',
      fetchItemRequest(synced.collectionId, textOf(synced.add, 'ServerId')!),
    );
    expect(fetched.easStatus).toBe(1);
    expect(fetchStatus(fetched)).toBe('1');
    expect(textOf(fetched.tree, 'Subject')).toBe('Quarterly report');
    expect(textOf(findAll(fetched.tree, 'Body')[0], 'Data')).toContain('The report is attached.');
    const [attachment] = findAll(fetched.tree, 'Attachment');
    expect(textOf(attachment, 'DisplayName')).toBe('report.pdf');
    const data = await lee.send(
      'ItemOperations',
      fetchAttachmentRequest(textOf(attachment, 'FileReference')!),
    );
    expect(textOf(data.tree, 'ContentType')).toBe('application/pdf');
    expect(Buffer.from(textOf(data.tree, 'Data')!, 'base64').equals(PDF)).toBe(true);

    const copy = await findEmail(PAT.user, FOLDER_TYPE.sentItems, 'Quarterly report');
    expect(copy.items).toHaveLength(1);
    expect(copy.items[0].headers?.hasAttachments).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(sink.received.filter((m) => m.to.includes('partner@tailspin.example'))).toHaveLength(1);
  });

  it('12.1 sends message/rfc822 with SaveInSent', async () => {
    const old = device(PAT, 'PatOldPhone', '12.1');
    const mime = await message({
      from: 'pat@contoso.com',
      to: 'lee@contoso.com',
      subject: 'From an old phone',
      text: 'Sent as message/rfc822.',
    });
    const sent = await old.send('SendMail', mime, {
      parameters: { SaveInSent: 'T' },
      headers: { 'Content-Type': 'message/rfc822' },
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toHaveLength(0);
    await findEmail(LEE.user, FOLDER_TYPE.inbox, 'From an old phone');
    await findEmail(PAT.user, FOLDER_TYPE.sentItems, 'From an old phone');

    // Lee's 12.1 phone forwards it, naming the original in the query.
    const received = await findEmail(LEE.user, FOLDER_TYPE.inbox, 'From an old phone');
    const forward = await message({
      from: LEE.user,
      to: 'old-friend@tailspin.example',
      subject: 'FW: From an old phone',
      text: 'See below.',
    });
    const forwarded = await device(LEE, 'LeeOldPhone12', '12.1').send('SmartForward', forward, {
      parameters: { ItemId: received.items[0].itemId, CollectionId: received.folderId },
      headers: { 'Content-Type': 'message/rfc822' },
    });
    expect(forwarded.status).toBe(200);
    const out = await sink.eventually((r) =>
      r.some((m) => m.to.includes('old-friend@tailspin.example')),
    );
    const delivered = await simpleParser(
      out.find((m) => m.to.includes('old-friend@tailspin.example'))!.raw,
    );
    expect(delivered.text).toMatch(/^See below\./);
    expect(delivered.text).toContain('Sent as message/rfc822.');

    const missing = await old.send('SmartReply', mime, {
      parameters: { ItemId: '00000000-0000-4000-8000-000000000000', CollectionId: 'x' },
      headers: { 'Content-Type': 'message/rfc822' },
    });
    expect(missing.status).toBe(500);
    expect((await old.send('SendMail', Buffer.alloc(0))).status).toBe(400);
  });

  it('SmartReply and SmartForward carry the original and mark it', async () => {
    const original = await message({
      from: 'lee@contoso.com',
      to: 'pat@contoso.com',
      subject: 'Site plans',
      messageId: '<site-plans@contoso.com>',
      text: 'Both plans attached.',
      html: '<p>Both <b>plans</b> attached.</p>',
      attachments: [
        { filename: 'north.pdf', content: PDF, contentType: 'application/pdf' },
        { filename: 'south.txt', content: 'south wing', contentType: 'text/plain' },
      ],
    });
    expect((await lee.send('SendMail', compose('SendMail', original))).status).toBe(200);
    const inbox = await findEmail(PAT.user, FOLDER_TYPE.inbox, 'Site plans');
    const source = { FolderId: inbox.folderId, ItemId: inbox.items[0].itemId };

    const reply = await message({
      from: 'pat@contoso.com',
      to: 'lee@contoso.com',
      subject: 'RE: Site plans',
      text: 'Looks good.',
    });
    const replied = await pat.send('SmartReply', compose('SmartReply', reply, { source }));
    expect(replied.status).toBe(200);
    expect(replied.body).toHaveLength(0);
    const answer = await findEmail(LEE.user, FOLDER_TYPE.inbox, 'RE: Site plans');
    const got = await lee.send(
      'ItemOperations',
      fetchItemRequest(answer.folderId, answer.items[0].itemId, true),
    );
    const replyMime = await simpleParser(Buffer.from(textOf(got.tree, 'Data')!, 'utf8'));
    expect(replyMime.text).toMatch(/^Looks good\./);
    expect(replyMime.text).toContain('Both plans attached.');
    expect(replyMime.inReplyTo).toBe('<site-plans@contoso.com>');
    expect(replyMime.attachments).toHaveLength(0);
    let mark = await pat.send('ItemOperations', fetchItemRequest(inbox.folderId, source.ItemId));
    expect(textOf(mark.tree, 'LastVerbExecuted')).toBe('1');
    expect(textOf(mark.tree, 'LastVerbExecutionTime')).toMatch(/^\d{4}-/);

    const forward = await message({
      from: 'pat@contoso.com',
      to: 'partner@tailspin.example',
      subject: 'FW: Site plans',
      text: 'FYI',
    });
    const forwarded = await pat.send('SmartForward', compose('SmartForward', forward, { source }));
    expect(forwarded.status).toBe(200);
    const out = await sink.eventually((r) =>
      r.some((m) => m.raw.toString().includes('FW: Site plans')),
    );
    const sent = await simpleParser(
      out.find((m) => m.raw.toString().includes('FW: Site plans'))!.raw,
    );
    expect(sent.text).toMatch(/^FYI/);
    expect(sent.text).toContain('Both plans attached.');
    expect(sent.html).toContain('<b>plans</b>');
    expect(sent.attachments.map((a) => a.filename).sort()).toEqual(['north.pdf', 'south.txt']);
    expect(sent.attachments.find((a) => a.filename === 'north.pdf')!.content.equals(PDF)).toBe(
      true,
    );
    mark = await pat.send('ItemOperations', fetchItemRequest(inbox.folderId, source.ItemId));
    expect(textOf(mark.tree, 'LastVerbExecuted')).toBe('3');

    // ReplaceMime: the device's message goes as it is, without the original.
    const own = await message({
      from: 'pat@contoso.com',
      to: 'lee@contoso.com',
      subject: 'FW: own',
      text: 'Mine only.',
    });
    expect(
      (await pat.send('SmartForward', compose('SmartForward', own, { source, replaceMime: true })))
        .status,
    ).toBe(200);
    const mine = await findEmail(LEE.user, FOLDER_TYPE.inbox, 'FW: own');
    const ownFetch = await lee.send(
      'ItemOperations',
      fetchItemRequest(mine.folderId, mine.items[0].itemId),
    );
    expect(textOf(ownFetch.tree, 'Data')).not.toContain('Both plans attached.');
    expect(findAll(ownFetch.tree, 'Attachment')).toHaveLength(0);
  });

  describe('a 5 MB attachment', () => {
    const big = randomBytes(5 * 1024 * 1024);
    let fileReference: string;

    beforeAll(async () => {
      const mime = await message({
        from: 'lee@contoso.com',
        to: 'pat@contoso.com',
        subject: 'Big file',
        text: 'Five megabytes.',
        attachments: [
          { filename: 'big.bin', content: big, contentType: 'application/octet-stream' },
        ],
      });
      expect((await lee.send('SendMail', compose('SendMail', mime))).status).toBe(200);
      const inbox = await findEmail(PAT.user, FOLDER_TYPE.inbox, 'Big file', 60_000);
      const fetched = await pat.send(
        'ItemOperations',
        fetchItemRequest(inbox.folderId, inbox.items[0].itemId),
      );
      fileReference = textOf(findAll(fetched.tree, 'Attachment')[0], 'FileReference')!;
    });

    it('is fetched in ranges', async () => {
      const chunk = 1024 * 1024;
      const pieces: Buffer[] = [];
      for (let start = 0; start < big.length; start += chunk) {
        const answer = await pat.send(
          'ItemOperations',
          fetchAttachmentRequest(fileReference, `${start}-${start + chunk - 1}`),
        );
        expect(fetchStatus(answer)).toBe('1');
        expect(textOf(answer.tree, 'Range')).toBe(
          `${start}-${Math.min(start + chunk, big.length) - 1}`,
        );
        expect(textOf(answer.tree, 'Total')).toBe(String(big.length));
        pieces.push(Buffer.from(textOf(answer.tree, 'Data')!, 'base64'));
      }
      expect(Buffer.concat(pieces).equals(big)).toBe(true);
      const past = await pat.send(
        'ItemOperations',
        fetchAttachmentRequest(fileReference, `${big.length}-${big.length + 10}`),
      );
      expect(fetchStatus(past)).toBe('8');
      const backwards = await pat.send(
        'ItemOperations',
        fetchAttachmentRequest(fileReference, '10-5'),
      );
      expect(fetchStatus(backwards)).toBe('8');
    });

    it('comes as a part of a multipart answer', async () => {
      const answer = await pat.send(
        'ItemOperations',
        fetchAttachmentRequest(fileReference, '0-99999'),
        {
          headers: { 'MS-ASAcceptMultiPart': 'T' },
        },
      );
      expect(answer.headers['content-type']).toBe('application/vnd.ms-sync.multipart');
      const [wbxml, data] = decodeMultipart(answer.body);
      const tree = decode(wbxml);
      expect(textOf(tree, 'Status')).toBe('1');
      expect(textOf(tree, 'Part')).toBe('1');
      expect(findAll(tree, 'Data')).toHaveLength(0);
      expect(data.equals(big.subarray(0, 100_000))).toBe(true);
    });

    it("is not found with another user's device", async () => {
      const answer = await lee.send('ItemOperations', fetchAttachmentRequest(fileReference));
      expect(answer.easStatus).toBe(1);
      expect(fetchStatus(answer)).toBe('15');
      expect(findAll(answer.tree, 'Data')).toHaveLength(0);
      const forged = await lee.send('ItemOperations', fetchAttachmentRequest('not-a-reference'));
      expect(fetchStatus(forged)).toBe('15');
    });
  });

  describe('GetAttachment and the attachment policy', () => {
    let fileReference: string;
    let collectionId: string;
    let serverId: string;

    beforeAll(async () => {
      const inbox = await findEmail(PAT.user, FOLDER_TYPE.inbox, 'Site plans');
      [collectionId, serverId] = [inbox.folderId, inbox.items[0].itemId];
      const fetched = await pat.send('ItemOperations', fetchItemRequest(collectionId, serverId));
      const north = findAll(fetched.tree, 'Attachment').find(
        (a) => textOf(a, 'DisplayName') === 'north.pdf',
      )!;
      fileReference = textOf(north, 'FileReference')!;
    });

    it('GetAttachment at 12.1 streams the attachment with its content type', async () => {
      const old = device(PAT, 'PatOldPhone2', '12.1');
      const answer = await old.send('GetAttachment', null, {
        parameters: { AttachmentName: fileReference },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('application/pdf');
      expect(answer.body.equals(PDF)).toBe(true);
      const other = device(LEE, 'LeeOldPhone', '12.1');
      expect(
        (await other.send('GetAttachment', null, { parameters: { AttachmentName: fileReference } }))
          .status,
      ).toBe(500);
      expect((await old.send('GetAttachment', null)).status).toBe(400);
    });

    it('a policy without attachments: none listed, none served', async () => {
      await stack.mailctlJson(
        ['policy', 'add', 'NoAttachments', '--set', 'AttachmentsEnabled=false'],
        ADMIN,
      );
      await stack.mailctlJson(['policy', 'assign', 'NoAttachments', '--mailbox', PAT.user], ADMIN);
      try {
        const phone = device(PAT, 'PatLockedPhone');
        const item = await phone.send('ItemOperations', fetchItemRequest(collectionId, serverId));
        expect(fetchStatus(item)).toBe('1');
        expect(findAll(item.tree, 'Attachment')).toHaveLength(0);
        const refused = await phone.send('ItemOperations', fetchAttachmentRequest(fileReference));
        expect(fetchStatus(refused)).toBe('16');
        expect(findAll(refused.tree, 'Data')).toHaveLength(0);
        const old = device(PAT, 'PatLockedOldPhone', '12.1');
        const blocked = await old.send('GetAttachment', null, {
          parameters: { AttachmentName: fileReference },
        });
        expect(blocked.status).toBe(403);
      } finally {
        await stack.mailctlJson(
          ['policy', 'assign', '--default-policy', '--mailbox', PAT.user],
          ADMIN,
        );
      }
    });
  });

  it('EmptyFolderContents empties a folder and, asked to, its subfolders', async () => {
    const folder = await bus.request(FolderCreate, {
      mailbox: PAT.user,
      parentId: null,
      displayName: 'Old stuff',
      type: FOLDER_TYPE.userMail,
    });
    const child = await bus.request(FolderCreate, {
      mailbox: PAT.user,
      parentId: folder.id,
      displayName: 'Older',
      type: FOLDER_TYPE.userMail,
    });
    const mime = await message({
      from: LEE.user,
      to: PAT.user,
      subject: 'To be emptied',
      text: 'x',
    });
    expect((await lee.send('SendMail', compose('SendMail', mime))).status).toBe(200);
    const inbox = await findEmail(PAT.user, FOLDER_TYPE.inbox, 'To be emptied');
    await bus.request(ItemMoveMany, {
      mailbox: PAT.user,
      moves: [{ itemId: inbox.items[0].itemId, toFolderId: folder.id }],
    });
    const answer = await pat.send(
      'ItemOperations',
      `<ItemOperations xmlns="ItemOperations" xmlns:airsync="AirSync"><EmptyFolderContents>` +
        `<airsync:CollectionId>${folder.id}</airsync:CollectionId><Options><DeleteSubFolders/></Options>` +
        `</EmptyFolderContents></ItemOperations>`,
    );
    const result = findAll(answer.tree, 'EmptyFolderContents')[0];
    expect(textOf(result, 'Status')).toBe('1');
    expect(textOf(result, 'CollectionId')).toBe(folder.id);
    const left = await bus.request(ItemList, { mailbox: PAT.user, folderId: folder.id, limit: 10 });
    expect(left.items).toHaveLength(0);
    const { folders } = await bus.request(FolderListSubject, { mailbox: PAT.user });
    expect(folders.map((f) => f.id)).toContain(folder.id);
    expect(folders.map((f) => f.id)).not.toContain(child.id);
  });

  it('Move takes a whole conversation to a folder', async () => {
    const archive = await bus.request(FolderCreate, {
      mailbox: PAT.user,
      parentId: null,
      displayName: 'Project X',
      type: FOLDER_TYPE.userMail,
    });
    const first = await message({
      from: LEE.user,
      to: PAT.user,
      subject: 'Project X kickoff',
      text: 'Start.',
    });
    expect((await lee.send('SendMail', compose('SendMail', first))).status).toBe(200);
    const inbox = await findEmail(PAT.user, FOLDER_TYPE.inbox, 'Project X kickoff');
    const itemId = inbox.items[0].itemId;
    const reply = await message({
      from: PAT.user,
      to: LEE.user,
      subject: 'RE: Project X kickoff',
      text: 'Go.',
    });
    const source = { FolderId: inbox.folderId, ItemId: itemId };
    expect((await pat.send('SmartReply', compose('SmartReply', reply, { source }))).status).toBe(
      200,
    );
    await findEmail(PAT.user, FOLDER_TYPE.sentItems, 'RE: Project X kickoff');

    const fetched = await pat.send('ItemOperations', fetchItemRequest(inbox.folderId, itemId));
    const conversationId = findAll(fetched.tree, 'ConversationId')[0].content as Uint8Array;
    expect(conversationId).toBeInstanceOf(Uint8Array);
    const moved = await pat.send(
      'ItemOperations',
      el('ItemOperations', 'ItemOperations', [
        el('ItemOperations', 'Move', [
          el('ItemOperations', 'ConversationId', conversationId),
          el('ItemOperations', 'DstFldId', archive.id),
        ]),
      ]),
    );
    const result = findAll(moved.tree, 'Move')[0];
    expect(textOf(result, 'Status')).toBe('1');
    const { items } = await bus.request(ItemList, {
      mailbox: PAT.user,
      folderId: archive.id,
      limit: 10,
    });
    expect(items).toHaveLength(2);
  });

  it("a message over the Client connector's maximum size is refused with 115", async () => {
    await stack.mailctlJson(
      ['connector', 'receive', 'set', 'Client', '--max-message-size', '65536'],
      ADMIN,
    );
    try {
      const mime = await message({
        from: PAT.user,
        to: LEE.user,
        subject: 'Too big',
        text: 'x',
        attachments: [{ filename: 'big.bin', content: randomBytes(80_000) }],
      });
      // Transport reads connector settings in the background: wait for the new maximum.
      let status: number | undefined;
      for (let attempt = 0; attempt < 60 && status !== 115; attempt++) {
        status = (await pat.send('SendMail', compose('SendMail', mime))).easStatus;
        if (status !== 115) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(status).toBe(115);
    } finally {
      await stack.mailctlJson(
        ['connector', 'receive', 'set', 'Client', '--max-message-size', String(36 * 1024 * 1024)],
        ADMIN,
      );
    }
  });

  it('bad input gets each command its protocol-error status', async () => {
    const garbage = Buffer.from([0x03, 0x01, 0x6a, 0x00, 0x45, 0xff, 0xff]);
    expect((await pat.send('SendMail', garbage)).easStatus).toBe(102);
    const noMime = el('ComposeMail', 'SendMail', [el('ComposeMail', 'ClientId', 'x1')]);
    expect((await pat.send('SendMail', noMime)).easStatus).toBe(103);
    const noSource = compose('SmartReply', Buffer.from('Subject: x\r\n\r\nx'));
    expect((await pat.send('SmartReply', noSource)).easStatus).toBe(103);
    const missing = compose('SmartForward', Buffer.from('To: lee@contoso.com\r\n\r\nx'), {
      source: { ItemId: '00000000-0000-4000-8000-000000000000' },
    });
    expect((await pat.send('SmartForward', missing)).easStatus).toBe(150);
    const noRecipient = compose('SendMail', Buffer.from('Subject: nobody\r\n\r\nbody'));
    expect((await pat.send('SendMail', noRecipient)).easStatus).toBe(119);
    expect((await pat.send('ItemOperations', garbage)).easStatus).toBe(2);
    expect(
      (
        await pat.send(
          'ItemOperations',
          '<ItemOperations xmlns="ItemOperations"><Fetch/></ItemOperations>',
        )
      ).easStatus,
    ).toBe(2);
    const store = await pat.send(
      'ItemOperations',
      '<ItemOperations xmlns="ItemOperations"><Fetch><Store>DocumentLibrary</Store></Fetch></ItemOperations>',
    );
    expect(store.easStatus).toBe(1);
    expect(fetchStatus(store)).toBe('9');
    const item = await pat.send('ItemOperations', fetchItemRequest('nope', 'nope'));
    expect(fetchStatus(item)).toBe('6');
  });
});
