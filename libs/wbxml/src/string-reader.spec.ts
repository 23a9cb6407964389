// The inline-string reader against the platform's strict UTF-8 decoder, on every path: short
// and long, ASCII and not, strings crossing a window's end, and without Node's Buffer.
import fc from 'fast-check';
import { StringReader } from './string-reader';

const reference = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** What read() must give: the text up to the first NUL, or undefined (end -1 if no NUL). */
function expected(bytes: Uint8Array, start: number): { s: string | undefined; end: number } {
  const end = bytes.indexOf(0, start);
  if (end < 0) return { s: undefined, end };
  try {
    return { s: reference.decode(bytes.subarray(start, end)), end };
  } catch {
    return { s: undefined, end };
  }
}

/** Reads every string of `bytes` in order, as the decoder does, checking each one. */
function readAll(Reader: typeof StringReader, bytes: Uint8Array): void {
  const reader = new Reader(bytes);
  let start = 0;
  while (start < bytes.length) {
    const want = expected(bytes, start);
    expect({ s: reader.read(start), end: reader.end }).toEqual(want);
    if (want.end < 0) return;
    start = want.end + 1;
  }
}

const enc = new TextEncoder();
const ascii = fc.string({ unit: fc.integer({ min: 1, max: 0x7f }).map(String.fromCharCode) });
const anyText = fc.string({ unit: 'grapheme', maxLength: 80 }).map((s) => s.replace(/\0/g, ''));
const rawBytes = fc.uint8Array({ minLength: 1, maxLength: 90 });
const piece = fc.oneof(
  ascii.map((s) => enc.encode(s)),
  fc.integer({ min: 60, max: 3000 }).map((n) => enc.encode('x'.repeat(n))),
  anyText.map((s) => enc.encode(s)),
  rawBytes,
);
/** Strings of every kind, each NUL-terminated, the last one maybe not. */
const input = fc.tuple(fc.array(piece, { maxLength: 40 }), fc.boolean()).map(([pieces, cut]) => {
  const parts = pieces.flatMap((p) => [...p, 0]);
  return new Uint8Array(cut ? parts.slice(0, -1) : parts);
});

describe('StringReader', () => {
  it('reads what a strict UTF-8 decoder reads, string after string', () => {
    fc.assert(
      fc.property(input, (bytes) => readAll(StringReader, bytes)),
      { numRuns: 1000 },
    );
  });

  it('cuts strings that start inside one window and end past it', () => {
    // 40-byte ASCII strings: every window of 1024 bytes ends inside one of them.
    const s = 'a'.repeat(39);
    const bytes = enc.encode(`${s}\0`.repeat(100));
    const reader = new StringReader(bytes);
    for (let start = 0; start < bytes.length; start += 40) {
      expect(reader.read(start)).toBe(s);
      expect(reader.end).toBe(start + 39);
    }
  });

  it('reads a view that starts inside a larger buffer, as pooled Node Buffers do', () => {
    fc.assert(
      fc.property(input, fc.nat(16), (bytes, offset) => {
        const pool = new Uint8Array(offset + bytes.length + 16).fill(0x41);
        pool.set(bytes, offset);
        readAll(StringReader, pool.subarray(offset, offset + bytes.length));
      }),
      { numRuns: 300 },
    );
  });

  it('reads the same without Buffer (other runtimes)', () => {
    const saved = globalThis.Buffer;
    let Reader: typeof StringReader | undefined;
    try {
      delete (globalThis as { Buffer?: unknown }).Buffer;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        Reader = (require('./string-reader') as { StringReader: typeof StringReader }).StringReader;
      });
    } finally {
      globalThis.Buffer = saved;
    }
    fc.assert(
      fc.property(input, (bytes) => readAll(Reader!, bytes)),
      { numRuns: 200 },
    );
  });
});
