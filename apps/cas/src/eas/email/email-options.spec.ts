import { el } from '@mail/wbxml';
import { EasProtocolError } from '../command';
import { readEmailOptions } from './email-options';

const S = 'AirSync';
const B = 'AirSyncBase';
const pref = (...c: ReturnType<typeof el>[]) => el(B, 'BodyPreference', c);

describe('readEmailOptions', () => {
  it('reads body preferences in order, with MIMESupport', () => {
    const options = el(S, 'Options', [
      el(S, 'MIMESupport', '2'),
      pref(el(B, 'Type', '2'), el(B, 'TruncationSize', '5000'), el(B, 'AllOrNone', '1')),
      pref(el(B, 'Type', '1'), el(B, 'Preview', '100')),
    ]);
    expect(readEmailOptions(options)).toEqual({
      mimeSupport: 2,
      bodyPreferences: [
        { type: 2, truncationSize: 5000, allOrNone: true, preview: undefined },
        { type: 1, truncationSize: undefined, allOrNone: false, preview: 100 },
      ],
      truncation: undefined,
      mimeTruncation: undefined,
    });
  });

  it('maps the 2.5 truncation codes to bytes', () => {
    const options = el(S, 'Options', [el(S, 'Truncation', '1'), el(S, 'MIMETruncation', '8')]);
    expect(readEmailOptions(options)).toMatchObject({ truncation: 512, mimeTruncation: undefined });
    expect(
      readEmailOptions(el(S, 'Options', [el(S, 'Truncation', '9')])).truncation,
    ).toBeUndefined();
  });

  it.each([
    ['a Type out of range', el(S, 'Options', [pref(el(B, 'Type', '7'))])],
    ['no Type', el(S, 'Options', [pref(el(B, 'TruncationSize', '1'))])],
    [
      'a huge TruncationSize',
      el(S, 'Options', [pref(el(B, 'Type', '1'), el(B, 'TruncationSize', '99999999999'))]),
    ],
    ['a Preview over 255', el(S, 'Options', [pref(el(B, 'Type', '1'), el(B, 'Preview', '256'))])],
    ['a MIMESupport of 3', el(S, 'Options', [el(S, 'MIMESupport', '3')])],
    [
      'nine preferences',
      el(
        S,
        'Options',
        Array.from({ length: 9 }, () => pref(el(B, 'Type', '1'))),
      ),
    ],
  ])('refuses %s', (_what, options) => {
    expect(() => readEmailOptions(options)).toThrow(EasProtocolError);
  });
});
