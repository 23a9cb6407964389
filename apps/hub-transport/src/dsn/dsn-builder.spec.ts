import { simpleParser } from 'mailparser';
import { buildDsn, type DsnRequest } from './dsn-builder';

const at = new Date(Date.UTC(2025, 10, 4, 10, 0, 0));
const request: DsnRequest = {
  action: 'failed',
  reportingMta: 'mail.contoso.com',
  from: 'postmaster@contoso.com',
  to: 'lee@fabrikam.com',
  queueId: '0b8f7c55-2d3e-4f4a-9b1c-6d5e4f3a2b1c',
  arrivalDate: at,
  recipients: [
    {
      finalRecipient: 'pat@tailspin.example',
      originalRecipient: 'sales@contoso.com',
      status: '5.1.1',
      diagnostic: '550 5.1.1 <pat@tailspin.example>: user unknown',
      remoteMta: 'mx.tailspin.example',
      lastAttemptAt: at,
    },
  ],
  originalHeaders: Buffer.from('From: lee@fabrikam.com\r\nSubject: Grüße aus Köln\r\n\r\n'),
  originalSubject: 'Grüße aus Köln',
  now: at,
  messageId: '<dsn-1@mail.contoso.com>',
};

/** The parts of a multipart message: each part's Content-Type and body. */
function partsOf(raw: Buffer): Array<{ type: string; body: string }> {
  const text = raw.toString();
  const boundary = /boundary="([^"]+)"/.exec(text)![1];
  return text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const [head, ...body] = part.replace(/^\r\n/, '').split('\r\n\r\n');
      return { type: /^Content-Type: ([^;\r]+)/m.exec(head)![1], body: body.join('\r\n\r\n') };
    });
}

/** The fields of a message/delivery-status body: the per-message block, then one per recipient. */
const statusBlocks = (text: string) =>
  text
    .trim()
    .split(/\r\n\r\n/)
    .map((block) =>
      Object.fromEntries(block.split('\r\n').map((line) => line.split(/: (.*)/s, 2))),
    );

describe('delivery status notifications', () => {
  it('is a multipart/report with the three parts of RFC 3464 and RFC 6522', async () => {
    const raw = await buildDsn(request);
    const text = raw.toString();
    expect(text).toMatch(/^Content-Type: multipart\/report; report-type=delivery-status;/m);
    expect(text).toMatch(/^Auto-Submitted: auto-replied$/m);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Undeliverable: Grüße aus Köln');
    expect(parsed.from?.value).toEqual([
      { name: 'Mail Delivery System', address: 'postmaster@contoso.com' },
    ]);
    expect(parsed.text).toContain(
      '<pat@tailspin.example>: 550 5.1.1 <pat@tailspin.example>: user unknown',
    );
    const parts = partsOf(raw);
    expect(parts.map((p) => p.type)).toEqual([
      'text/plain',
      'message/delivery-status',
      'text/rfc822-headers',
    ]);
    const [perMessage, perRecipient] = statusBlocks(parts[1].body);
    expect(perMessage).toEqual({
      'Reporting-MTA': 'dns; mail.contoso.com',
      'X-Queue-ID': request.queueId,
      'Arrival-Date': 'Tue, 04 Nov 2025 10:00:00 +0000',
    });
    expect(perRecipient).toEqual({
      'Final-Recipient': 'rfc822; pat@tailspin.example',
      'Original-Recipient': 'rfc822; sales@contoso.com',
      Action: 'failed',
      Status: '5.1.1',
      'Remote-MTA': 'dns; mx.tailspin.example',
      'Diagnostic-Code': 'smtp; 550 5.1.1 <pat@tailspin.example>: user unknown',
      'Last-Attempt-Date': 'Tue, 04 Nov 2025 10:00:00 +0000',
    });
    expect(parsed.attachments.at(-1)!.content.toString()).toContain('Subject: Grüße aus Köln');
  });

  it('says until when a delayed message will be tried', async () => {
    const until = new Date(Date.UTC(2025, 10, 6, 10, 0, 0));
    const raw = await buildDsn({ ...request, action: 'delayed', willRetryUntil: until });
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Delivery delayed: Grüße aus Köln');
    expect(parsed.text).toContain('Thu, 06 Nov 2025 10:00:00 +0000');
    const [, recipient] = statusBlocks(partsOf(raw)[1].body);
    expect(recipient).toMatchObject({
      Action: 'delayed',
      'Will-Retry-Until': 'Thu, 06 Nov 2025 10:00:00 +0000',
    });
  });

  it('lists a bounded number of recipients and keeps injected line breaks out of its fields', async () => {
    const many = Array.from({ length: 150 }, (_, i) => ({
      ...request.recipients[0],
      finalRecipient: `r${i}@x.example\r\nBcc: evil@x.example`,
    }));
    const raw = await buildDsn({ ...request, recipients: many });
    const [readable, status] = partsOf(raw);
    expect(readable.body).toContain('... and 50 more');
    expect(statusBlocks(status.body)).toHaveLength(101);
    expect(status.body).not.toMatch(/^Bcc:/m);
  });
});
