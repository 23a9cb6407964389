// Strict UTF-8 in both directions. Short ASCII strings (the bulk of tag-dense EAS traffic:
// ids, keys, statuses) take a loop that avoids TextDecoder's per-call overhead; everything
// else goes through the platform codec. ignoreBOM keeps a leading U+FEFF in the text, so
// decoding is exact.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();
const SHORT = 24;

/** Decodes bytes [start, end); returns undefined if they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string | undefined {
  if (end - start <= SHORT) {
    let s = '';
    let i = start;
    for (; i < end; i++) {
      const c = bytes[i];
      if (c >= 0x80) break;
      s += String.fromCharCode(c);
    }
    if (i === end) return s;
  }
  try {
    return decoder.decode(bytes.subarray(start, end));
  } catch {
    return undefined;
  }
}

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
