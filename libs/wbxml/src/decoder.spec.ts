// Strict decoding: one test per error code, plus the shapes the decoder accepts.
import { decode } from './decoder';
import { WbxmlDecodeError, type WbxmlDecodeErrorCode } from './errors';
import { el } from './tree';

const H = [0x03, 0x01, 0x6a, 0x00];
const bytes = (...b: number[]) => new Uint8Array(b);
const doc = (...body: number[]) => bytes(...H, ...body);

function codeOf(
  input: Uint8Array,
  limits?: { maxDepth?: number; maxInputBytes?: number; maxElements?: number },
): WbxmlDecodeErrorCode | 'ok' {
  try {
    decode(input, { limits });
    return 'ok';
  } catch (e) {
    if (e instanceof WbxmlDecodeError) return e.code;
    throw e;
  }
}

describe('decode', () => {
  it('decodes empty tags, text, opaque and page switches', () => {
    // <Sync><Collections/><SyncKey>1</SyncKey></Sync> then Email2 opaque
    expect(
      decode(
        doc(
          0x45,
          0x1c,
          0x4b,
          0x03,
          0x31,
          0x00,
          0x01,
          0x00,
          0x16,
          0x49,
          0xc3,
          0x02,
          0xab,
          0xcd,
          0x01,
          0x01,
        ),
      ),
    ).toEqual(
      el('AirSync', 'Sync', [
        el('AirSync', 'Collections'),
        el('AirSync', 'SyncKey', '1'),
        el('Email2', 'ConversationId', bytes(0xab, 0xcd)),
      ]),
    );
  });

  it('joins consecutive inline strings and reads a content tag with no content as empty', () => {
    expect(decode(doc(0x4b, 0x03, 0x61, 0x00, 0x03, 0x62, 0x00, 0x01))).toEqual(
      el('AirSync', 'SyncKey', 'ab'),
    );
    expect(decode(doc(0x4b, 0x01))).toEqual(el('AirSync', 'SyncKey', null));
  });

  it("decodes the 2.5-only tags whatever the version (checking it is tagInVersion's job)", () => {
    // <Sync><email:Body>x</email:Body></Sync>: page 2, token 0x0C with content
    expect(decode(doc(0x45, 0x00, 0x02, 0x4c, 0x03, 0x78, 0x00, 0x01, 0x01))).toEqual(
      el('AirSync', 'Sync', [el('Email', 'Body', 'x')]),
    );
  });

  it('keeps a leading byte order mark in text (exact strings)', () => {
    expect(decode(doc(0x4b, 0x03, 0xef, 0xbb, 0xbf, 0x61, 0x00, 0x01)).content).toBe('\ufeffa');
  });

  const cases: [WbxmlDecodeErrorCode, string, Uint8Array, object?][] = [
    ['truncated', 'empty input', bytes()],
    ['truncated', 'header only', doc()],
    ['truncated', 'inside the header', bytes(0x03, 0x01)],
    ['truncated', 'root not closed', doc(0x45, 0x5c)],
    ['truncated', 'string without terminator', doc(0x4b, 0x03, 0x31, 0x32)],
    ['truncated', 'OPAQUE length past the end', doc(0x4b, 0xc3, 0x05, 0x01, 0x02, 0x01)],
    ['truncated', 'SWITCH_PAGE without its page', doc(0x00)],
    ['bad-header', 'WBXML version 1.2', bytes(0x02, 0x01, 0x6a, 0x00, 0x05)],
    [
      'bad-header',
      'public identifier in the string table',
      bytes(0x03, 0x00, 0x00, 0x6a, 0x00, 0x05),
    ],
    ['bad-header', 'charset other than UTF-8', bytes(0x03, 0x01, 0x04, 0x00, 0x05)],
    ['bad-header', 'non-empty string table', bytes(0x03, 0x01, 0x6a, 0x01, 0x41, 0x05)],
    ['unknown-page', 'page 26', doc(0x00, 0x1a, 0x05)],
    ['unknown-page', 'page 255', doc(0x00, 0xff, 0x05)],
    ['unknown-token', 'AirSync 0x2A (unassigned in MS-ASWBXML and libwbxml)', doc(0x2a)],
    ['unknown-token', 'anything on the AirNotify page', doc(0x00, 0x03, 0x05)],
    ['unknown-token', 'Find 0x0F (unassigned)', doc(0x00, 0x19, 0x0f)],
    ['unsupported-token', 'ENTITY', doc(0x45, 0x02, 0x41, 0x01)],
    ['unsupported-token', 'LITERAL', doc(0x04, 0x00)],
    ['unsupported-token', 'STR_T', doc(0x45, 0x83, 0x00, 0x01)],
    ['unsupported-token', 'PI', doc(0x43)],
    ['unsupported-token', 'EXT_0', doc(0x45, 0xc0, 0x01)],
    ['unsupported-token', 'tag with attributes', doc(0x85, 0x01)],
    [
      'bad-integer',
      'OPAQUE length of 6 bytes',
      doc(0x4b, 0xc3, 0x81, 0x81, 0x81, 0x81, 0x81, 0x01, 0x00),
    ],
    ['bad-integer', 'OPAQUE length above 2^32', doc(0x4b, 0xc3, 0x9f, 0xff, 0xff, 0xff, 0x7f)],
    ['bad-utf8', 'byte 0xFF', doc(0x4b, 0x03, 0xff, 0x00, 0x01)],
    ['bad-utf8', 'overlong NUL', doc(0x4b, 0x03, 0xc0, 0x80, 0x00, 0x01)],
    ['bad-utf8', 'encoded surrogate', doc(0x4b, 0x03, 0xed, 0xa0, 0x80, 0x00, 0x01)],
    [
      'bad-utf8',
      'truncated sequence before the terminator',
      doc(0x4b, 0x03, 0xe2, 0x82, 0x00, 0x01),
    ],
    ['bad-structure', 'END outside any element', doc(0x01)],
    ['bad-structure', 'text outside the root', doc(0x03, 0x41, 0x00)],
    ['bad-structure', 'opaque outside the root', doc(0xc3, 0x00)],
    ['bad-structure', 'two roots', doc(0x05, 0x05)],
    ['bad-structure', 'trailing SWITCH_PAGE', doc(0x05, 0x00, 0x01)],
    ['bad-structure', 'element after text', doc(0x45, 0x03, 0x41, 0x00, 0x0b, 0x01)],
    ['bad-structure', 'content element after text', doc(0x45, 0x03, 0x41, 0x00, 0x4b, 0x01, 0x01)],
    ['bad-structure', 'text after element', doc(0x45, 0x0b, 0x03, 0x41, 0x00, 0x01)],
    ['bad-structure', 'opaque after text', doc(0x4b, 0x03, 0x41, 0x00, 0xc3, 0x00, 0x01)],
    ['bad-structure', 'two opaques', doc(0x4b, 0xc3, 0x00, 0xc3, 0x00, 0x01)],
  ];
  it.each(cases)('%s: %s', (code, _what, input) => {
    expect(codeOf(input)).toBe(code);
  });

  it('too-deep: nesting beyond maxDepth (default 64, and per call)', () => {
    const nest = (n: number) => doc(...Array(n).fill(0x45), ...Array(n).fill(0x01));
    expect(codeOf(nest(64))).toBe('ok');
    expect(codeOf(nest(65))).toBe('too-deep');
    expect(codeOf(nest(4), { maxDepth: 3 })).toBe('too-deep');
    expect(codeOf(doc(0x45, 0x45, 0x05, 0x01, 0x01), { maxDepth: 2 })).toBe('too-deep');
  });

  it('too-large: input above maxInputBytes, checked before anything else', () => {
    expect(codeOf(doc(0x05), { maxInputBytes: 4 })).toBe('too-large');
    expect(codeOf(doc(0x05), { maxInputBytes: 5 })).toBe('ok');
  });

  it('too-large: more elements than maxElements, however small the input', () => {
    const flat = (n: number) => {
      const input = new Uint8Array(doc(0x45, 0x01).length + n);
      input.set(doc(0x45));
      input.fill(0x05, doc(0x45).length, input.length - 1);
      input[input.length - 1] = 0x01;
      return input;
    };
    expect(codeOf(flat(9), { maxElements: 10 })).toBe('ok');
    expect(codeOf(flat(10), { maxElements: 10 })).toBe('too-large');
    // A megabyte of one-byte empty tags is within the input bound, not the element bound.
    expect(codeOf(flat(1024 * 1024))).toBe('too-large');
  });

  it('reports the offset and a readable message', () => {
    try {
      decode(doc(0x45, 0x2a));
      fail('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(WbxmlDecodeError);
      expect((e as WbxmlDecodeError).offset).toBe(5);
      expect((e as Error).message).toMatch(/unknown-token at byte 5/);
    }
  });
});
