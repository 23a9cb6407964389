// WBXML bytes -> element tree, strictly. One forward pass with an explicit stack (no
// recursion), so time is linear in the input and memory is bounded by limits.maxInputBytes
// and limits.maxDepth. Every way to fail is a WbxmlDecodeError; a proper prefix of a valid
// document always fails as 'truncated', because every read past the end is reported as such
// before anything else is checked.
import { PAGES, type PageInfo } from './code-pages/registry';
import { WbxmlDecodeError, type WbxmlDecodeErrorCode } from './errors';
import { resolveLimits, type WbxmlLimits } from './limits';
import type { WbxmlElement } from './tree';
import { decodeUtf8 } from './utf8';
import { END, OPAQUE, STR_I, SWITCH_PAGE, TAG_ATTRIBUTES, TAG_CONTENT, TAG_MASK } from './wire';

export interface DecodeOptions {
  readonly limits?: Partial<WbxmlLimits>;
}

/** An element whose END has not been seen yet. */
interface Open {
  readonly ns: string;
  readonly tag: string;
  children: WbxmlElement[] | null;
  text: string | null;
  opaque: Uint8Array | null;
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
  let page: PageInfo = PAGES[0];
  const stack: Open[] = [];
  const maxDepth = limits.maxDepth;
  // A holder rather than a local, so the type checker sees the closure's assignment.
  const done: { root: WbxmlElement | null } = { root: null };

  const attach = (element: WbxmlElement, at: number): void => {
    if (stack.length === 0) {
      done.root = element;
      return;
    }
    const parent = stack[stack.length - 1];
    if (parent.text !== null || parent.opaque !== null)
      fail('bad-structure', at, 'element after text');
    if (parent.children === null) parent.children = [element];
    else parent.children.push(element);
  };

  while (pos < n) {
    if (done.root !== null) fail('bad-structure', pos, 'data after the root element');
    const b = bytes[pos];
    if (b === SWITCH_PAGE) {
      if (pos + 1 >= n) fail('truncated', n);
      const p = bytes[pos + 1];
      if (p >= PAGES.length) fail('unknown-page', pos + 1, `code page ${p}`);
      page = PAGES[p];
      pos += 2;
    } else if (b === END) {
      const open = stack.pop();
      if (open === undefined) fail('bad-structure', pos, 'END outside any element');
      const content = open.children ?? open.text ?? open.opaque;
      attach({ ns: open.ns, tag: open.tag, content }, pos);
      pos += 1;
    } else if (b === STR_I) {
      const top =
        stack.length > 0
          ? stack[stack.length - 1]
          : fail('bad-structure', pos, 'text outside the root');
      const end = bytes.indexOf(0, pos + 1);
      if (end < 0) fail('truncated', n, 'string without terminator');
      const s = decodeUtf8(bytes, pos + 1, end);
      if (s === undefined) fail('bad-utf8', pos + 1);
      if (top.children !== null || top.opaque !== null)
        fail('bad-structure', pos, 'text mixed with other content');
      top.text = top.text === null ? s : top.text + s;
      pos = end + 1;
    } else if (b === OPAQUE) {
      const top =
        stack.length > 0
          ? stack[stack.length - 1]
          : fail('bad-structure', pos, 'opaque outside the root');
      reader.pos = pos + 1;
      const length = reader.mbUint();
      const start = reader.pos;
      if (length > n - start) fail('truncated', n, `OPAQUE of ${length} bytes`);
      if (top.children !== null || top.text !== null || top.opaque !== null) {
        fail('bad-structure', pos, 'opaque mixed with other content');
      }
      top.opaque = bytes.slice(start, start + length);
      pos = start + length;
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
      if (stack.length >= maxDepth) fail('too-deep', pos, `more than ${maxDepth} levels`);
      if ((b & TAG_CONTENT) !== 0) {
        const top = stack.length > 0 ? stack[stack.length - 1] : null;
        if (top !== null && (top.text !== null || top.opaque !== null))
          fail('bad-structure', pos, 'element after text');
        stack.push({
          ns: info.namespace,
          tag: info.name,
          children: null,
          text: null,
          opaque: null,
        });
      } else {
        attach({ ns: info.namespace, tag: info.name, content: null }, pos);
      }
      pos += 1;
    }
  }
  if (done.root === null) {
    fail(
      'truncated',
      n,
      stack.length > 0 ? `${stack.length} element(s) not closed` : 'no root element',
    );
  }
  return done.root;
}
