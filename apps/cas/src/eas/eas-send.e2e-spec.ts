/**
 * A phone sends mail over real HTTPS against the whole stack, remote mail going out through a
 * send connector to a test SMTP sink: SendMail with an attachment to a local user and a remote
 * address (received by both, the local user's phone syncs it, kept in Sent Items, Bcc
 * stripped, a retried ClientId not sent twice), 12.1 SendMail and SmartForward as
 * message/rfc822, SmartReply and SmartForward carrying the original (body, attachments) and
 * marking it, ReplaceMime, the Client connector's size limit, bad input.
 */
import { randomBytes } from 'node:crypto';
import { FOLDER_TYPE } from '@mail/contracts';
import { findAll, textOf, type EasClient } from '@mail/runtime/testing';
import { el } from '@mail/wbxml';
import { simpleParser } from 'mailparser';
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

describe('an EAS device sends mail', () => {
  let m: MailStack;
  let pat: EasClient;
  let lee: EasClient;

  beforeAll(async () => {
    m = await startMailStack('eassend');
    pat = m.device(PAT, 'PatPhone');
    lee = m.device(LEE, 'LeePhone');
  }, 150_000);
  afterAll(() => m?.close());

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

    const [remote] = await m.sink.eventually((r) =>
      r.some((m) => m.to.includes('partner@tailspin.example')),
    );
    expect(remote.to.sort()).toEqual(['hidden@tailspin.example', 'partner@tailspin.example']);
    const received = await simpleParser(remote.raw);
    expect(received.headers.has('bcc')).toBe(false);
    expect(received.attachments[0].content.equals(PDF)).toBe(true);

    // The same ClientId again (the device lost the answer): nothing is sent twice.
    expect((await pat.send('SendMail', request)).status).toBe(200);

    // Lee's phone syncs it, then fetches it whole with ItemOperations.
    const synced = await m.syncUntilAdded(lee, FOLDER_TYPE.inbox, 'Quarterly report');
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

    const copy = await m.findEmail(PAT.user, FOLDER_TYPE.sentItems, 'Quarterly report');
    expect(copy.items).toHaveLength(1);
    expect(copy.items[0].headers?.hasAttachments).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(m.sink.received.filter((m) => m.to.includes('partner@tailspin.example'))).toHaveLength(
      1,
    );
  });

  it('12.1 sends message/rfc822 with SaveInSent', async () => {
    const old = m.device(PAT, 'PatOldPhone', '12.1');
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
    await m.findEmail(LEE.user, FOLDER_TYPE.inbox, 'From an old phone');
    await m.findEmail(PAT.user, FOLDER_TYPE.sentItems, 'From an old phone');

    // Lee's 12.1 phone forwards it, naming the original in the query.
    const received = await m.findEmail(LEE.user, FOLDER_TYPE.inbox, 'From an old phone');
    const forward = await message({
      from: LEE.user,
      to: 'old-friend@tailspin.example',
      subject: 'FW: From an old phone',
      text: 'See below.',
    });
    const forwarded = await m.device(LEE, 'LeeOldPhone12', '12.1').send('SmartForward', forward, {
      parameters: { ItemId: received.items[0].itemId, CollectionId: received.folderId },
      headers: { 'Content-Type': 'message/rfc822' },
    });
    expect(forwarded.status).toBe(200);
    const out = await m.sink.eventually((r) =>
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
    const inbox = await m.findEmail(PAT.user, FOLDER_TYPE.inbox, 'Site plans');
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
    const answer = await m.findEmail(LEE.user, FOLDER_TYPE.inbox, 'RE: Site plans');
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
    const out = await m.sink.eventually((r) =>
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
    const mine = await m.findEmail(LEE.user, FOLDER_TYPE.inbox, 'FW: own');
    const ownFetch = await lee.send(
      'ItemOperations',
      fetchItemRequest(mine.folderId, mine.items[0].itemId),
    );
    expect(textOf(ownFetch.tree, 'Data')).not.toContain('Both plans attached.');
    expect(findAll(ownFetch.tree, 'Attachment')).toHaveLength(0);
  });

  it("a message over the Client connector's maximum size is refused with 115", async () => {
    await m.stack.mailctlJson(
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
      await m.stack.mailctlJson(
        ['connector', 'receive', 'set', 'Client', '--max-message-size', String(36 * 1024 * 1024)],
        ADMIN,
      );
    }
  });

  it('bad input gets SendMail, SmartReply and SmartForward their statuses', async () => {
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
    // Transport's sender check: Pat may not send as Lee.
    const spoofed = await message({
      from: LEE.user,
      to: 'partner@tailspin.example',
      subject: 'x',
      text: 'x',
    });
    expect((await pat.send('SendMail', compose('SendMail', spoofed))).easStatus).toBe(120);
  });
});
