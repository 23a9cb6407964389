// writeUtf8 against the platform's TextEncoder, on both of its paths (short strings in
// JavaScript, long ones through TextEncoder), including what STR_I cannot carry.
import fc from 'fast-check';
import { HAS_NUL, LONE_SURROGATE, writeUtf8 } from './utf8';

const platform = new TextEncoder();
const exact = new TextDecoder('utf-8', { ignoreBOM: true });

/** What writeUtf8 must answer for `s` (text with both faults may be refused for either). */
function expected(s: string): number | Uint8Array {
  const nul = s.includes('\0');
  // UTF-8 carries s exactly unless it holds a lone surrogate (which becomes U+FFFD).
  const lone = exact.decode(platform.encode(s)) !== s;
  if (nul && lone) return written(s) === LONE_SURROGATE ? LONE_SURROGATE : HAS_NUL;
  if (nul) return HAS_NUL;
  if (lone) return LONE_SURROGATE;
  return platform.encode(s);
}

function written(s: string): number | Uint8Array {
  const out = new Uint8Array(3 + s.length * 3).fill(0xee);
  const end = writeUtf8(s, out, 3);
  return end < 0 ? end : out.slice(3, end);
}

// Any UTF-16 code units, so lone surrogates and NULs turn up; and lengths on both sides of
// the JavaScript path's limit.
const unit = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }),
  fc.integer({ min: 0, max: 0xffff }),
  fc.constantFrom(0xd800, 0xdbff, 0xdc00, 0xdfff),
);
const text = fc.oneof(
  fc.array(unit, { maxLength: 40 }),
  fc.array(unit, { minLength: 100, maxLength: 300 }),
);

describe('writeUtf8', () => {
  it('writes what TextEncoder writes, and refuses NUL and lone surrogates', () => {
    fc.assert(
      fc.property(text, (units) => {
        const s = String.fromCharCode(...units);
        expect(written(s)).toEqual(expected(s));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['a surrogate pair', 'x\ud83d\ude00y'],
    ['a high surrogate at the end', 'x\ud83d'],
    ['a low surrogate alone', '\ude00x'],
    ['a high surrogate before a letter', '\ud83dx'],
    ['two- and three-byte characters', 'Grüße 日本'],
    ['a NUL after non-ASCII text', 'é\0'],
  ])('%s', (_what, s) => {
    expect(written(s)).toEqual(expected(s));
    expect(written(s.repeat(60))).toEqual(expected(s.repeat(60)));
  });
});
