// Standard base64 (RFC 4648 section 4, with padding) without Buffer, so the library stays free
// of node-only APIs. Decoding is strict: wrong alphabet, length or padding is refused, which
// keeps the XML view's opaque round trip exact.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 3 * 4096;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, bytes.length);
    let s = '';
    let i = start;
    for (; i + 2 < end; i += 3) {
      const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      s +=
        ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63] + ALPHABET[v & 63];
    }
    if (end - i === 1) {
      const v = bytes[i] << 16;
      s += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + '==';
    } else if (end - i === 2) {
      const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
      s += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63] + '=';
    }
    parts.push(s);
  }
  return parts.join('');
}

/** Decodes base64, ignoring ASCII whitespace; undefined if it is not canonical base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  const s = /[\s]/.test(text) ? text.replace(/[\t\n\r ]+/g, '') : text;
  if (s.length % 4 !== 0) return undefined;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const last = i + 4 === s.length;
    const a = value(s, i);
    const b = value(s, i + 1);
    const c = last && pad === 2 ? 0 : value(s, i + 2);
    const d = last && pad >= 1 ? 0 : value(s, i + 3);
    if ((a | b | c | d) < 0) return undefined;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    if (o < out.length) out[o++] = (v >> 8) & 255;
    if (o < out.length) out[o++] = v & 255;
  }
  // Non-zero bits under the padding would be lost on re-encoding: not canonical.
  if (pad > 0 && toBase64(out.subarray(out.length - (3 - pad))) !== s.slice(-4)) return undefined;
  return out;
}

function value(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c < 128 ? VALUE[c] : -1;
}
