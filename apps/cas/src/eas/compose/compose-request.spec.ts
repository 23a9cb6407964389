import { el, encode } from '@mail/wbxml';
import { EasProtocolError } from '../command';
import { EasError } from '../errors';
import { parseEasQuery, type EasQuery } from '../query';
import { parseComposeRequest } from './compose-request';

const query = (extra = ''): EasQuery => {
  const parsed = parseEasQuery(`Cmd=SendMail&User=pat&DeviceId=D1&DeviceType=Phone${extra}`);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.query;
};
const wbxml = (children: ReturnType<typeof el>[], root = 'SendMail') =>
  Buffer.from(encode(el('ComposeMail', root, children)));
const MIME = 'To: lee@contoso.com\r\nSubject: hi\r\n\r\nhello';

describe('SendMail, SmartReply and SmartForward requests', () => {
  it('reads a 14.0+ ComposeMail request, Mime as opaque or text', () => {
    const request = parseComposeRequest(
      wbxml([
        el('ComposeMail', 'ClientId', 'c1'),
        el('ComposeMail', 'SaveInSentItems'),
        el('ComposeMail', 'Mime', new Uint8Array(Buffer.from(MIME))),
      ]),
      '14.1',
      query(),
      'SendMail',
    );
    expect(request).toMatchObject({ clientId: 'c1', saveInSentItems: true, replaceMime: false });
    expect(request.mime.toString()).toBe(MIME);
    const text = parseComposeRequest(
      wbxml(
        [
          el('ComposeMail', 'Source', [
            el('ComposeMail', 'FolderId', 'f'),
            el('ComposeMail', 'ItemId', 'i'),
          ]),
          el('ComposeMail', 'ReplaceMime'),
          el('ComposeMail', 'Mime', MIME),
        ],
        'SmartReply',
      ),
      '16.1',
      query(),
      'SmartReply',
    );
    expect(text).toMatchObject({ replaceMime: true, source: { folderId: 'f', itemId: 'i' } });
  });

  it('refuses a request without Mime, a reply without Source, an overlong ClientId', () => {
    const parse = (body: Buffer, command: 'SendMail' | 'SmartReply' = 'SendMail') =>
      parseComposeRequest(body, '14.1', query(), command);
    expect(() => parse(wbxml([el('ComposeMail', 'ClientId', 'c')]))).toThrow(EasProtocolError);
    expect(() =>
      parse(wbxml([el('ComposeMail', 'Mime', MIME)], 'SmartReply'), 'SmartReply'),
    ).toThrow(EasProtocolError);
    expect(() =>
      parse(
        wbxml([el('ComposeMail', 'ClientId', 'x'.repeat(41)), el('ComposeMail', 'Mime', MIME)]),
      ),
    ).toThrow(EasProtocolError);
    expect(() => parse(wbxml([el('ComposeMail', 'Mime', MIME)], 'SmartForward'))).toThrow(
      EasProtocolError,
    );
  });

  it('reads 12.x message/rfc822 with the query flags', () => {
    const request = parseComposeRequest(
      Buffer.from(MIME),
      '12.1',
      query('&SaveInSent=T&ItemId=i1&CollectionId=c1'),
      'SmartForward',
    );
    expect(request).toMatchObject({
      saveInSentItems: true,
      source: { folderId: 'c1', itemId: 'i1' },
    });
    expect(() => parseComposeRequest(null, '12.1', query(), 'SendMail')).toThrow(EasError);
    expect(() => parseComposeRequest(Buffer.from(MIME), '12.1', query(), 'SmartReply')).toThrow(
      EasError,
    );
  });
});
