import {
  addressesIn,
  countFields,
  firstValue,
  parseHeaderSection,
  withoutFields,
} from './header-section';

const MESSAGE = Buffer.from(
  [
    'Received: from a by b; Tue, 4 Nov 2025 10:00:00 +0000',
    'Received: from c',
    '  by d; Tue, 4 Nov 2025 09:00:00 +0000',
    'From: "Lee, Chen" <Lee@Fabrikam.com>',
    'To: Pat <pat@contoso.com>, team: ops@contoso.com, dev@contoso.com;',
    'Bcc: secret@contoso.com,',
    '\thidden@contoso.com',
    'Subject: hello',
    '',
    'Bcc: not a header, the body',
    '',
  ].join('\r\n'),
);

describe('the header section', () => {
  it('finds fields, unfolds values and counts trace fields without reading the body', () => {
    const section = parseHeaderSection(MESSAGE);
    expect(section.fields.map((f) => f.name)).toEqual([
      'received',
      'received',
      'from',
      'to',
      'bcc',
      'subject',
    ]);
    expect(countFields(section, 'received')).toBe(2);
    expect(firstValue(section, 'subject')).toBe('hello');
    expect(firstValue(section, 'message-id')).toBeUndefined();
    expect(MESSAGE.subarray(section.bodyOffset).toString()).toBe('Bcc: not a header, the body\r\n');
  });

  it('reads every mailbox of address fields, groups opened, lower-cased', () => {
    const section = parseHeaderSection(MESSAGE);
    expect(addressesIn(section, ['to', 'cc', 'bcc']).map((a) => a.address)).toEqual([
      'pat@contoso.com',
      'ops@contoso.com',
      'dev@contoso.com',
      'secret@contoso.com',
      'hidden@contoso.com',
    ]);
    expect(addressesIn(section, ['from'])).toEqual([
      { name: 'Lee, Chen', address: 'lee@fabrikam.com' },
    ]);
  });

  it('drops a field with its folded lines and leaves every other byte alone', () => {
    const section = parseHeaderSection(MESSAGE);
    const stripped = withoutFields(MESSAGE, section, ['bcc']).toString();
    expect(stripped).not.toContain('secret@');
    expect(stripped).not.toContain('hidden@');
    expect(stripped).toBe(
      MESSAGE.toString().replace('Bcc: secret@contoso.com,\r\n\thidden@contoso.com\r\n', ''),
    );
    expect(withoutFields(MESSAGE, section, ['x-none'])).toBe(MESSAGE);
  });

  it('copes with bare line feeds, no body, garbage and a bound on what it reads', () => {
    expect(parseHeaderSection(Buffer.from('Subject: a\nX: b\n\nbody')).fields).toHaveLength(2);
    expect(parseHeaderSection(Buffer.from('Subject: only headers')).bodyOffset).toBe(21);
    const garbage = parseHeaderSection(Buffer.from([0, 255, 10, 32, 58, 13, 10, 13, 10, 1]));
    expect(garbage.fields.map((f) => f.name)).toEqual(['']);
    const endless = parseHeaderSection(Buffer.alloc(5000, 'a'), 100);
    expect(endless.bodyOffset).toBe(100);
  });
});
