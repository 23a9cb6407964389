// WBXML bytes -> element tree, strictly. One forward pass with an explicit stack (no
// recursion), so time is linear in the input and memory is bounded by limits.maxInputBytes,
// limits.maxElements and limits.maxDepth. Every way to fail is a WbxmlDecodeError; a proper prefix of a valid
// document always fails as 'truncated', because every read past the end is reported as such
// before anything else is checked.
import { PAGES, type PageInfo } from './code-pages/registry';
import { WbxmlDecodeError, type WbxmlDecodeErrorCode } from './errors';
import { resolveLimits, type WbxmlLimits } from './limits';
import type { WbxmlElement } from './tree';
import { StringReader } from './string-reader';
import { END, OPAQUE, STR_I, SWITCH_PAGE, TAG_ATTRIBUTES, TAG_CONTENT, TAG_MASK } from './wire';

export interface DecodeOptions {
  readonly limits?: Partial<WbxmlLimits>;
}

/** The decoder's own view of an element: its content grows while the element is open. */
interface Building {
  readonly ns: string;
  readonly tag: string;
  content: null | string | Uint8Array | WbxmlElement[];
}

function fail(code: WbxmlDecodeErrorCode, offset: number, detail?: string): never {
  throw new WbxmlDecodeError(code, offset, detail);
}

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  /** mb_u_int32 (WBXML 1.3 section 5.1): at most 5 bytes, value below 2^32. */
  mbUint(): number {
    const { bytes } = this;
    const start = this.pos;
    let value = 0;
    for (let i = 0; i < 5; i++) {
      if (this.pos >= bytes.length) fail('truncated', bytes.length);
      const c = bytes[this.pos++];
      value = value * 128 + (c & 0x7f);
      if ((c & 0x80) === 0) {
        if (value > 0xffffffff) fail('bad-integer', start);
        return value;
      }
    }
    return fail('bad-integer', start, 'more than 5 bytes');
  }

  header(): void {
    const { bytes } = this;
    if (bytes.length < 1) fail('truncated', 0);
    if (bytes[0] !== 0x03)
      fail('bad-header', 0, `version 0x${bytes[0].toString(16)}, expected 0x03`);
    this.pos = 1;
    const publicId = this.mbUint();
    if (publicId !== 1) fail('bad-header', 1, `public identifier ${publicId}, expected 1`);
    const at = this.pos;
    const charset = this.mbUint();
    if (charset !== 0x6a) fail('bad-header', at, `charset ${charset}, expected 106 (UTF-8)`);
    const tableAt = this.pos;
    const table = this.mbUint();
    if (table !== 0) fail('bad-header', tableAt, 'EAS does not use a string table');
  }
}

/** Decodes one EAS WBXML body into its root element. */
export function decode(bytes: Uint8Array, options?: DecodeOptions): WbxmlElement {
  const limits = resolveLimits(options?.limits);
  const n = bytes.length;
  if (n > limits.maxInputBytes) fail('too-large', 0, `${n} bytes > ${limits.maxInputBytes}`);
  const reader = new Reader(bytes);
  reader.header();
  let pos = reader.pos;
  const strings = new StringReader(bytes);
  let page: PageInfo = PAGES[0];
  // Open elements, root first; entries at and above `depth` are stale. An element is built in
  // place (attached to its parent when its tag is read), so there is one object per element.
  const open: Building[] = [];
  let depth = 0;
  const maxDepth = limits.maxDepth;
  let elementsLeft = limits.maxElements;
  let root: Building | null = null;

  while (pos < n) {
    if (root !== null) fail('bad-structure', pos, 'data after the root element');
    const b = bytes[pos];
    if (b === END) {
      if (depth === 0) fail('bad-structure', pos, 'END outside any element');
      if (--depth === 0) root = open[0];
      pos += 1;
    } else if (b === STR_I) {
      if (depth === 0) fail('bad-structure', pos, 'text outside the root');
      const s = strings.read(pos + 1);
      const end = strings.end;
      if (end < 0) fail('truncated', n, 'string without terminator');
      if (s === undefined) fail('bad-utf8', pos + 1);
      const top = open[depth - 1];
      const c = top.content;
      if (c === null) top.content = s;
      else if (typeof c === 'string') top.content = c + s;
      else fail('bad-structure', pos, 'text mixed with other content');
      pos = end + 1;
    } else if (b === OPAQUE) {
      if (depth === 0) fail('bad-structure', pos, 'opaque outside the root');
      reader.pos = pos + 1;
      const length = reader.mbUint();
      const start = reader.pos;
      if (length > n - start) fail('truncated', n, `OPAQUE of ${length} bytes`);
      const top = open[depth - 1];
      if (top.content !== null) fail('bad-structure', pos, 'opaque mixed with other content');
      top.content = bytes.slice(start, start + length);
      pos = start + length;
    } else if (b === SWITCH_PAGE) {
      if (pos + 1 >= n) fail('truncated', n);
      const p = bytes[pos + 1];
      if (p >= PAGES.length) fail('unknown-page', pos + 1, `code page ${p}`);
      page = PAGES[p];
      pos += 2;
    } else {
      const token = b & TAG_MASK;
      if (token < 0x05 || (b & TAG_ATTRIBUTES) !== 0)
        fail('unsupported-token', pos, `0x${b.toString(16)}`);
      const info = page.byToken[token];
      if (info === undefined)
        fail(
          'unknown-token',
          pos,
          `0x${token.toString(16)} on page ${page.page} (${page.namespace})`,
        );
      if (depth >= maxDepth) fail('too-deep', pos, `more than ${maxDepth} levels`);
      if (--elementsLeft < 0) fail('too-large', pos, `more than ${limits.maxElements} elements`);
      const element: Building = { ns: info.namespace, tag: info.name, content: null };
      if (depth > 0) {
        const parent = open[depth - 1];
        const c = parent.content;
        if (c === null) parent.content = [element];
        else if (Array.isArray(c)) c.push(element);
        else fail('bad-structure', pos, 'element after text');
      }
      if ((b & TAG_CONTENT) !== 0) open[depth++] = element;
      else if (depth === 0) root = element;
      pos += 1;
    }
  }
  if (root === null) {
    fail('truncated', n, depth > 0 ? `${depth} element(s) not closed` : 'no root element');
  }
  return root;
}
