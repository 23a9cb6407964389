// Element tree -> WBXML bytes. The output is canonical, which is what makes decode(encode(t))
// give back t and encode(decode(b)) give back b for every b this encoder produced:
// - header 03 01 6A 00, code page 0 current at the start;
// - SWITCH_PAGE only when an element's page differs from the current one;
// - null content -> tag without the content bit; [] is written the same way (so it decodes
//   as null); "" -> content tag, STR_I "", END; opaque -> OPAQUE with minimal-length mb_u_int32.
import { pageOf, type PageInfo } from './code-pages/registry';
import { WbxmlEncodeError, type WbxmlEncodeErrorCode } from './errors';
import { resolveLimits, type WbxmlLimits } from './limits';
import type { WbxmlElement } from './tree';
import { HAS_NUL, LONE_SURROGATE, writeUtf8 } from './utf8';
import { EAS_HEADER, END, OPAQUE, STR_I, SWITCH_PAGE, TAG_CONTENT } from './wire';

export interface EncodeOptions {
  readonly limits?: Partial<WbxmlLimits>;
}

// One output buffer reused across calls (encode is synchronous), so a response is written
// without growing and copying a fresh buffer each time; the result is one exact-size copy.
// A buffer grown past KEEP_BYTES for an unusually large document is not kept.
const KEEP_BYTES = 1024 * 1024;
let spare = new Uint8Array(64 * 1024);
/** Most bytes one element writes besides its text or opaque data: SWITCH_PAGE, tag, STR_I/OPAQUE
 * with a 5-byte length, terminator, END. */
const ELEMENT_BYTES = 12;

class Writer {
  buf = spare;
  len = 0;
  page = 0;
  /** The elements from the root down to the one being written, for error messages. */
  private readonly path: WbxmlElement[] = [];
  // The page of the last namespace looked up: siblings mostly share one.
  private lastNs = '';
  private lastPage: PageInfo | undefined = undefined;

  constructor(readonly maxDepth: number) {}

  /** Makes room for `extra` more bytes. */
  ensure(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  fail(code: WbxmlEncodeErrorCode, depth: number, detail?: string): never {
    const path = this.path.slice(0, depth + 1).map((e) => e.tag);
    throw new WbxmlEncodeError(code, path.join('/') || '(root)', detail);
  }

  /** mb_u_int32: groups of 7 bits, most significant first, continuation bit on all but the last. */
  mbUint(value: number): void {
    let shift = 28;
    while (shift > 0 && value >>> shift === 0) shift -= 7;
    for (; shift > 0; shift -= 7) this.buf[this.len++] = ((value >>> shift) & 0x7f) | 0x80;
    this.buf[this.len++] = value & 0x7f;
  }

  pageOf(ns: string, depth: number): PageInfo {
    if (ns !== this.lastNs || this.lastPage === undefined) {
      const page = pageOf(ns);
      if (page === undefined) this.fail('unknown-namespace', depth, String(ns));
      this.lastNs = ns;
      this.lastPage = page;
    }
    return this.lastPage;
  }

  element(e: WbxmlElement, depth: number): void {
    this.path[depth] = e;
    if (depth >= this.maxDepth) this.fail('too-deep', depth, `more than ${this.maxDepth} levels`);
    const page = this.pageOf(e.ns, depth);
    const tag = page.byName.get(e.tag);
    if (tag === undefined) this.fail('unknown-tag', depth, `${e.ns}:${e.tag}`);
    const c = e.content;
    const extra = typeof c === 'string' ? c.length * 3 : c instanceof Uint8Array ? c.length : 0;
    this.ensure(ELEMENT_BYTES + extra);
    const buf = this.buf;
    if (page.page !== this.page) {
      buf[this.len++] = SWITCH_PAGE;
      buf[this.len++] = page.page;
      this.page = page.page;
    }
    if (typeof c === 'string') {
      buf[this.len++] = tag.token | TAG_CONTENT;
      buf[this.len++] = STR_I;
      const end = writeUtf8(c, buf, this.len);
      if (end === HAS_NUL) this.fail('bad-text', depth, 'NUL cannot be carried by STR_I');
      if (end === LONE_SURROGATE) this.fail('bad-text', depth, 'lone surrogate');
      buf[end] = 0;
      buf[end + 1] = END;
      this.len = end + 2;
    } else if (c === null || (Array.isArray(c) && c.length === 0)) {
      buf[this.len++] = tag.token;
    } else if (Array.isArray(c)) {
      buf[this.len++] = tag.token | TAG_CONTENT;
      for (let i = 0; i < c.length; i++) this.element(c[i], depth + 1);
      this.ensure(1);
      this.buf[this.len++] = END;
    } else if (c instanceof Uint8Array) {
      buf[this.len++] = tag.token | TAG_CONTENT;
      buf[this.len++] = OPAQUE;
      this.mbUint(c.length);
      buf.set(c, this.len);
      this.len += c.length;
      buf[this.len++] = END;
    } else {
      this.fail('bad-content', depth, typeof c);
    }
  }
}

/** Encodes a tree as an EAS WBXML body. Throws WbxmlEncodeError for trees it cannot carry. */
export function encode(root: WbxmlElement, options?: EncodeOptions): Uint8Array {
  const limits = resolveLimits(options?.limits);
  const w = new Writer(limits.maxDepth);
  w.buf.set(EAS_HEADER);
  w.len = EAS_HEADER.length;
  w.element(root, 0);
  if (w.buf.length <= KEEP_BYTES) spare = w.buf;
  return w.buf.slice(0, w.len);
}
