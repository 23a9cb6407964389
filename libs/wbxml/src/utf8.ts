// Strict UTF-8 encoding of text for STR_I (decoding is string-reader.ts). EAS strings are
// mostly short, and for those a JavaScript loop beats TextEncoder.encodeInto, whose per-call
// cost (a trip into C++ and a subarray) is larger than the work; long text (bodies) goes
// through the platform encoder.
const encoder = new TextEncoder();
/** Strings up to this many UTF-16 units are encoded in JavaScript. */
const SHORT = 128;

/** writeUtf8's answer for text STR_I cannot carry: a NUL would end the string early. */
export const HAS_NUL = -1;
/** writeUtf8's answer for text UTF-8 cannot carry exactly (it would become U+FFFD). */
export const LONE_SURROGATE = -2;

/**
 * Writes `s` as UTF-8 into `out` at `at`, which must have room for s.length * 3 bytes, and
 * returns the new end offset, or HAS_NUL or LONE_SURROGATE (then `out` holds garbage there).
 */
export function writeUtf8(s: string, out: Uint8Array, at: number): number {
  const n = s.length;
  if (n > SHORT) {
    if (s.indexOf('\0') >= 0) return HAS_NUL;
    if (!isWellFormed(s)) return LONE_SURROGATE;
    return at + encoder.encodeInto(s, out.subarray(at)).written;
  }
  let p = at;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c === 0) return HAS_NUL;
      out[p++] = c;
    } else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    } else {
      // A high surrogate followed by a low one is one code point of four bytes.
      const d = c <= 0xdbff && i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (d < 0xdc00 || d > 0xdfff) return LONE_SURROGATE;
      const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
      out[p++] = 0xf0 | (cp >> 18);
      out[p++] = 0x80 | ((cp >> 12) & 0x3f);
      out[p++] = 0x80 | ((cp >> 6) & 0x3f);
      out[p++] = 0x80 | (cp & 0x3f);
      i++;
    }
  }
  return p;
}

type WellFormed = (this: string) => boolean;
const nativeWellFormed = (String.prototype as unknown as { isWellFormed?: WellFormed })
  .isWellFormed;
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** False if `s` holds a lone surrogate, which UTF-8 cannot carry (it would become U+FFFD). */
function isWellFormed(s: string): boolean {
  return nativeWellFormed ? nativeWellFormed.call(s) : !LONE_SURROGATE_RE.test(s);
}
