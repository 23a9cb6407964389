import {
  MOBILESYNC_RESPONSE_SCHEMA,
  errorResponse,
  parseAutodiscoverRequest,
  redirectResponse,
  settingsResponse,
} from './autodiscover-xml';

const request = (email: string, schema = MOBILESYNC_RESPONSE_SCHEMA) =>
  Buffer.from(
    '<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006">' +
      `<Request><EMailAddress>${email}</EMailAddress><AcceptableResponseSchema>${schema}</AcceptableResponseSchema></Request></Autodiscover>`,
  );

describe('Autodiscover XML', () => {
  it('reads the address of a mobilesync request', () => {
    expect(parseAutodiscoverRequest(request(' Pat@Contoso.com '))).toEqual({
      ok: true,
      emailAddress: 'pat@contoso.com',
    });
  });

  it.each([
    [Buffer.alloc(0), 'invalidRequest'],
    [Buffer.from('<Autodiscover><Request>'), 'invalidRequest'],
    [request('not an address'), 'invalidRequest'],
    [Buffer.from(`<!DOCTYPE x [<!ENTITY a "b">]>${request('a@b.c').toString()}`), 'invalidRequest'],
    [Buffer.from(`${'<a>'.repeat(20)}${'</a>'.repeat(20)}`), 'invalidRequest'],
    [Buffer.alloc(20_000, 0x20), 'invalidRequest'],
    [request('pat@contoso.com', 'http://example.com/other'), 'schemaNotSupported'],
  ])('refuses a bad request (%#)', (body, error) => {
    expect(parseAutodiscoverRequest(body)).toEqual({ ok: false, error });
  });

  it('writes the settings, a redirect and errors, escaping text', () => {
    const settings = settingsResponse(
      { displayName: 'Pat <Lee> & co', emailAddress: 'pat@contoso.com' },
      'https://mail.contoso.com/Microsoft-Server-ActiveSync',
    );
    expect(settings).toContain('<DisplayName>Pat &lt;Lee&gt; &amp; co</DisplayName>');
    expect(settings).toContain('<Type>MobileSync</Type>');
    expect(redirectResponse('pat@fabrikam.com', 'pat@contoso.com')).toContain(
      '<Redirect>pat@contoso.com</Redirect>',
    );
    expect(errorResponse('schemaNotSupported', new Date('2025-01-01T12:34:56.789Z'), 7)).toContain(
      '<Error Time="12:34:56.789" Id="7"><ErrorCode>601</ErrorCode>',
    );
  });
});
