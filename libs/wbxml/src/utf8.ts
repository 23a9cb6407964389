// Strict UTF-8 encoding of text for STR_I (decoding is string-reader.ts). Short ASCII strings,
// the bulk of tag-dense EAS traffic, take a loop that avoids TextEncoder's per-call overhead.
const encoder = new TextEncoder();
const SHORT = 24;

/**
 * Writes `s` as UTF-8 into `out` at `at` (which must have room for s.length * 3 bytes) and
 * returns the new end offset.
 */
export function encodeUtf8Into(s: string, out: Uint8Array, at: number): number {
  const n = s.length;
  if (n <= SHORT) {
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      out[at + i] = c;
    }
    if (i === n) return at + n;
  }
  return at + encoder.encodeInto(s, out.subarray(at)).written;
}

type WellFormed = (this: string) => boolean;
const nativeWellFormed = (String.prototype as unknown as { isWellFormed?: WellFormed })
  .isWellFormed;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** False if `s` holds a lone surrogate, which UTF-8 cannot carry (it would become U+FFFD). */
export function isWellFormed(s: string): boolean {
  return nativeWellFormed ? nativeWellFormed.call(s) : !LONE_SURROGATE.test(s);
}
