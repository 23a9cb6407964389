// Reads the NUL-terminated UTF-8 strings (STR_I) of one WBXML input, strictly.
//
// Most EAS strings are short ASCII (ids, keys, statuses, addresses, subjects), and building
// each of them alone costs more than the bytes it holds (a TextDecoder call, or a char-code
// array, per string). So a short ASCII string is cut (substring) from a Latin-1 view of a
// window of the input, made once per window; ASCII bytes read the same in Latin-1 and UTF-8.
// The window is small, so a string V8 keeps as a slice of it holds on to at most WINDOW bytes,
// never the whole input. Everything else goes through the platform's strict UTF-8 decoder;
// ignoreBOM keeps a leading U+FEFF in the text, so decoding is exact.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** Strings up to this many bytes are scanned in JavaScript (no indexOf call into C++). */
const SHORT = 64;
const WINDOW = 1024;

// Node's Buffer is used when present, for two things it does several times faster than the
// portable calls in Node 20: making a Latin-1 string (TextDecoder('latin1') goes through
// UTF-8) and finding a NUL in a long string (its indexOf is memchr; TypedArray's is a plain
// loop). The library still runs where there is no Buffer. WHATWG "latin1" is windows-1252,
// which differs only above 0x7F: one UTF-16 unit per byte either way, so offsets carry over,
// and only ASCII spans are ever cut from the view.
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;
const latin1 = new TextDecoder('latin1');
function latin1View(bytes: Uint8Array, start: number, end: number): string {
  if (NodeBuffer === undefined) return latin1.decode(bytes.subarray(start, end));
  return NodeBuffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}
function indexOfNul(bytes: Uint8Array, from: number): number {
  if (NodeBuffer === undefined) return bytes.indexOf(0, from);
  return NodeBuffer.prototype.indexOf.call(bytes as Buffer, 0, from);
}

export class StringReader {
  /** After read(): offset of the terminating NUL, or -1 when the input ended first. */
  end = 0;
  private window = '';
  private windowStart = 0;
  private windowEnd = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /**
   * The string starting at `start`; undefined when it has no terminator (end is then -1) or
   * is not valid UTF-8.
   */
  read(start: number): string | undefined {
    const bytes = this.bytes;
    const stop = Math.min(bytes.length, start + SHORT + 1);
    let i = start;
    let high = 0;
    for (; i < stop; i++) {
      const c = bytes[i];
      if (c === 0) break;
      high |= c;
    }
    if (i < stop) {
      this.end = i;
      return high < 0x80 ? this.ascii(start, i) : this.utf8(start, i);
    }
    this.end = stop === bytes.length ? -1 : indexOfNul(bytes, stop);
    return this.end < 0 ? undefined : this.utf8(start, this.end);
  }

  private ascii(start: number, end: number): string {
    if (start < this.windowStart || end > this.windowEnd) {
      this.windowStart = start;
      this.windowEnd = Math.min(this.bytes.length, start + WINDOW);
      this.window = latin1View(this.bytes, start, this.windowEnd);
    }
    return this.window.substring(start - this.windowStart, end - this.windowStart);
  }

  private utf8(start: number, end: number): string | undefined {
    try {
      return utf8.decode(this.bytes.subarray(start, end));
    } catch {
      return undefined;
    }
  }
}
