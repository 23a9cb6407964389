import MailComposer from 'nodemailer/lib/mail-composer';
import { composeSmartMessage, parseMessage } from './smart-mime';

const build = (mail: ConstructorParameters<typeof MailComposer>[0]) =>
  new MailComposer(mail).compile().build();

describe('SmartReply and SmartForward messages', () => {
  let original: Buffer;
  let device: Buffer;
  beforeAll(async () => {
    original = await build({
      from: 'Lee Chen <lee@contoso.com>',
      to: 'pat@contoso.com',
      subject: 'Plans',
      messageId: '<plans@contoso.com>',
      text: 'The plans are attached.',
      attachments: [
        { filename: 'plan.pdf', content: Buffer.from('%PDF-plan'), contentType: 'application/pdf' },
      ],
    });
    const message = new MailComposer({
      from: 'pat@contoso.com',
      to: 'lee@contoso.com',
      bcc: 'boss@contoso.com',
      subject: 'RE: Plans',
      text: 'Thanks!',
    }).compile();
    message.keepBcc = true;
    device = await message.build();
  });

  it('a forward carries the original body below the new text, and its attachments', async () => {
    const sent = await parseMessage(await composeSmartMessage('forward', device, original));
    expect(sent.text).toMatch(/^Thanks!/);
    expect(sent.text).toContain('-----Original Message-----');
    expect(sent.text).toContain('From: Lee Chen <lee@contoso.com>');
    expect(sent.text).toContain('The plans are attached.');
    expect(sent.attachments.map((a) => a.filename)).toEqual(['plan.pdf']);
    expect(sent.attachments[0].content.toString()).toBe('%PDF-plan');
    expect(sent.subject).toBe('RE: Plans');
  });

  it('a reply quotes the original without its attachments, threads it, and keeps Bcc', async () => {
    const raw = await composeSmartMessage('reply', device, original);
    const sent = await parseMessage(raw);
    expect(sent.text).toContain('The plans are attached.');
    expect(sent.attachments).toHaveLength(0);
    expect(sent.inReplyTo).toBe('<plans@contoso.com>');
    expect(raw.toString()).toMatch(/^Bcc: boss@contoso.com/m);
  });

  it('an HTML original gives an HTML body too', async () => {
    const html = await build({
      from: 'lee@contoso.com',
      to: 'pat@contoso.com',
      subject: 'x',
      html: '<p>Rich <b>text</b></p>',
    });
    const sent = await parseMessage(await composeSmartMessage('reply', device, html));
    expect(sent.html).toContain('<p>Rich <b>text</b></p>');
    expect(sent.html).toContain('Thanks!');
  });
});
