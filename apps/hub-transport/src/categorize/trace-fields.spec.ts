import { traceFields, type TraceInput } from './trace-fields';

const input: TraceInput = {
  queueId: '0b8f7c55-2d3e-4f4a-9b1c-6d5e4f3a2b1c',
  receivedAt: new Date(Date.UTC(2025, 10, 4, 10, 0, 0)),
  fqdn: 'mail.contoso.com',
  source: 'smtp',
  clientName: 'mx.fabrikam.com',
  clientAddress: '::ffff:192.0.2.7',
  protocol: 'ESMTPS',
  recipients: ['pat@contoso.com'],
  hasMessageId: true,
  hasDate: true,
};

describe('trace fields', () => {
  it('adds a Received field naming the client, this server, the protocol and the queue id', () => {
    expect(traceFields(input)).toBe(
      'Received: from mx.fabrikam.com ([192.0.2.7])\r\n\tby mail.contoso.com with ESMTPS id 0b8f7c55-2d3e-4f4a-9b1c-6d5e4f3a2b1c\r\n\tfor <pat@contoso.com>;\r\n\tTue, 04 Nov 2025 10:00:00 +0000\r\n',
    );
  });

  it('adds Message-ID when missing, and Date only for submissions', () => {
    const relayed = traceFields({
      ...input,
      hasMessageId: false,
      hasDate: false,
      recipients: ['a@x.com', 'b@x.com'],
    });
    expect(relayed).toContain(
      'Message-ID: <0b8f7c55-2d3e-4f4a-9b1c-6d5e4f3a2b1c@mail.contoso.com>\r\n',
    );
    expect(relayed).not.toContain('Date:');
    expect(relayed).not.toContain('for <');
    const submitted = traceFields({
      ...input,
      source: 'submit',
      protocol: 'HTTPS',
      hasDate: false,
    });
    expect(submitted).toContain('by mail.contoso.com via EAS with HTTPS');
    expect(submitted).toContain('Date: Tue, 04 Nov 2025 10:00:00 +0000\r\n');
  });

  it('cannot be broken by what a client sent as its name', () => {
    const fields = traceFields({
      ...input,
      clientName: 'evil\r\nBcc: x@y (z)',
      clientAddress: '2001:db8::1',
    });
    expect(fields).toContain('from evil??Bcc:?x@y??z? ([IPv6:2001:db8::1])');
    expect(fields.split('\r\n').filter((line) => /^[A-Za-z-]+:/.test(line))).toHaveLength(1);
  });
});
