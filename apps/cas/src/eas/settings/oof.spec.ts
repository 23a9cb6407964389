import { fromXml } from '@mail/wbxml';
import { EasProtocolError } from '../command';
import { parseOof, replyAs } from './oof';

const oof = (inner: string) => parseOof(fromXml(`<Oof xmlns="Settings:">${inner}</Oof>`));

describe('Settings Oof requests', () => {
  it('reads a Set with its window and one reply per audience', () => {
    expect(
      oof(
        '<Set><OofState>2</OofState><StartTime>2026-03-02T08:00:00.000Z</StartTime><EndTime>2026-03-06T17:00:00.000Z</EndTime>' +
          '<OofMessage><AppliesToExternalUnknown/><Enabled>1</Enabled><ReplyMessage>Away</ReplyMessage><BodyType>TEXT</BodyType></OofMessage></Set>',
      ),
    ).toEqual({
      kind: 'set',
      change: {
        state: 2,
        startTime: '2026-03-02T08:00:00.000Z',
        endTime: '2026-03-06T17:00:00.000Z',
        messages: { externalUnknown: { enabled: true, replyMessage: 'Away', bodyType: 'Text' } },
      },
    });
    expect(oof('<Get><BodyType>html</BodyType></Get>')).toEqual({ kind: 'get', bodyType: 'HTML' });
  });

  it('tells invalid arguments from a malformed request', () => {
    expect(oof('<Set><OofState>2</OofState></Set>').kind).toBe('invalid');
    expect(oof('<Set><OofState>7</OofState></Set>').kind).toBe('invalid');
    expect(oof('<Set><OofState>1</OofState><StartTime>soon</StartTime></Set>').kind).toBe(
      'invalid',
    );
    expect(() => oof('<Set/>')).toThrow(EasProtocolError);
    expect(() => oof('<Get/>')).toThrow(EasProtocolError);
    expect(() =>
      oof('<Set><OofState>1</OofState><OofMessage><Enabled>1</Enabled></OofMessage></Set>'),
    ).toThrow(EasProtocolError);
  });

  it('gives a reply in the body type asked for', () => {
    const text = {
      enabled: true,
      replyMessage: 'Away <now>\nBack Monday',
      bodyType: 'Text' as const,
    };
    expect(replyAs(text, 'HTML')).toBe('<html><body>Away &lt;now&gt;<br>Back Monday</body></html>');
    const html = {
      enabled: true,
      replyMessage: '<p>Away &amp; out</p><p>Bye</p>',
      bodyType: 'HTML' as const,
    };
    expect(replyAs(html, 'Text')).toBe('Away & out\nBye');
  });
});
