/**
 * A phone fetches and manages mail with ItemOperations and GetAttachment over real HTTPS
 * against the whole stack: a 5 MB attachment in ranges and as a multipart answer, another
 * user's FileReference refused, GetAttachment at 12.1, a policy without attachments (none
 * listed, none served), EmptyFolderContents with DeleteSubFolders, Move of a conversation,
 * bad input. Mail arrives through SendMail; the test's bus client only finds item ids.
 */
import { randomBytes } from 'node:crypto';
import {
  FOLDER_TYPE,
  FolderCreate,
  FolderListSubject,
  ItemList,
  ItemMoveMany,
} from '@mail/contracts';
import { findAll, textOf, type EasClient } from '@mail/runtime/testing';
import { decode, el } from '@mail/wbxml';
import { decodeMultipart } from './item-operations/multipart';
import {
  ADMIN,
  LEE,
  PAT,
  compose,
  fetchAttachmentRequest,
  fetchItemRequest,
  fetchStatus,
  message,
  startMailStack,
  type MailStack,
} from './testing/mail-stack';

jest.setTimeout(120_000);

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(20_000)]);

describe('an EAS device fetches and manages mail', () => {
  let m: MailStack;
  let pat: EasClient;
  let lee: EasClient;

  beforeAll(async () => {
    m = await startMailStack('easitemops');
    pat = m.device(PAT, 'PatPhone');
    lee = m.device(LEE, 'LeePhone');
    const plans = await message({
      from: LEE.user,
      to: PAT.user,
      subject: 'Site plans',
      text: 'Both plans attached.',
      attachments: [{ filename: 'north.pdf', content: PDF, contentType: 'application/pdf' }],
    });
    expect((await lee.send('SendMail', compose('SendMail', plans))).status).toBe(200);
  }, 150_000);
  afterAll(() => m?.close());

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
      const inbox = await m.findEmail(PAT.user, FOLDER_TYPE.inbox, 'Big file', 60_000);
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
      // More asked for than there is: the rest, and the Range that was sent.
      const tail = await pat.send(
        'ItemOperations',
        fetchAttachmentRequest(fileReference, `${big.length - 10}-9999999999`),
      );
      expect(textOf(tail.tree, 'Range')).toBe(`${big.length - 10}-${big.length - 1}`);
      expect(Buffer.from(textOf(tail.tree, 'Data')!, 'base64').equals(big.subarray(-10))).toBe(
        true,
      );
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
      const inbox = await m.findEmail(PAT.user, FOLDER_TYPE.inbox, 'Site plans');
      [collectionId, serverId] = [inbox.folderId, inbox.items[0].itemId];
      const fetched = await pat.send('ItemOperations', fetchItemRequest(collectionId, serverId));
      const north = findAll(fetched.tree, 'Attachment').find(
        (a) => textOf(a, 'DisplayName') === 'north.pdf',
      )!;
      fileReference = textOf(north, 'FileReference')!;
    });

    it('GetAttachment at 12.1 streams the attachment with its content type', async () => {
      const old = m.device(PAT, 'PatOldPhone2', '12.1');
      const answer = await old.send('GetAttachment', null, {
        parameters: { AttachmentName: fileReference },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('application/pdf');
      expect(answer.body.equals(PDF)).toBe(true);
      const other = m.device(LEE, 'LeeOldPhone', '12.1');
      expect(
        (await other.send('GetAttachment', null, { parameters: { AttachmentName: fileReference } }))
          .status,
      ).toBe(500);
      expect((await old.send('GetAttachment', null)).status).toBe(400);
    });

    it('a policy without attachments: none listed, none served', async () => {
      await m.stack.mailctlJson(
        ['policy', 'add', 'NoAttachments', '--set', 'AttachmentsEnabled=false'],
        ADMIN,
      );
      await m.stack.mailctlJson(
        ['policy', 'assign', 'NoAttachments', '--mailbox', PAT.user],
        ADMIN,
      );
      try {
        const phone = m.device(PAT, 'PatLockedPhone');
        const item = await phone.send('ItemOperations', fetchItemRequest(collectionId, serverId));
        expect(fetchStatus(item)).toBe('1');
        expect(findAll(item.tree, 'Attachment')).toHaveLength(0);
        const refused = await phone.send('ItemOperations', fetchAttachmentRequest(fileReference));
        expect(fetchStatus(refused)).toBe('16');
        expect(findAll(refused.tree, 'Data')).toHaveLength(0);
        const old = m.device(PAT, 'PatLockedOldPhone', '12.1');
        const blocked = await old.send('GetAttachment', null, {
          parameters: { AttachmentName: fileReference },
        });
        expect(blocked.status).toBe(403);
      } finally {
        await m.stack.mailctlJson(
          ['policy', 'assign', '--default-policy', '--mailbox', PAT.user],
          ADMIN,
        );
      }
    });
  });

  it('EmptyFolderContents empties a folder and, asked to, its subfolders', async () => {
    const folder = await m.bus.request(FolderCreate, {
      mailbox: PAT.user,
      parentId: null,
      displayName: 'Old stuff',
      type: FOLDER_TYPE.userMail,
    });
    const child = await m.bus.request(FolderCreate, {
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
    const inbox = await m.findEmail(PAT.user, FOLDER_TYPE.inbox, 'To be emptied');
    await m.bus.request(ItemMoveMany, {
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
    const left = await m.bus.request(ItemList, {
      mailbox: PAT.user,
      folderId: folder.id,
      limit: 10,
    });
    expect(left.items).toHaveLength(0);
    const { folders } = await m.bus.request(FolderListSubject, { mailbox: PAT.user });
    expect(folders.map((f) => f.id)).toContain(folder.id);
    expect(folders.map((f) => f.id)).not.toContain(child.id);
  });

  it('Move takes a whole conversation to a folder', async () => {
    const archive = await m.bus.request(FolderCreate, {
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
    const inbox = await m.findEmail(PAT.user, FOLDER_TYPE.inbox, 'Project X kickoff');
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
    await m.findEmail(PAT.user, FOLDER_TYPE.sentItems, 'RE: Project X kickoff');

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
    const { items } = await m.bus.request(ItemList, {
      mailbox: PAT.user,
      folderId: archive.id,
      limit: 10,
    });
    expect(items).toHaveLength(2);
  });

  it('bad input gets ItemOperations its protocol-error status', async () => {
    const garbage = Buffer.from([0x03, 0x01, 0x6a, 0x00, 0x45, 0xff, 0xff]);
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
