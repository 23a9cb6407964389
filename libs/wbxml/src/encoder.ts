// Element tree -> WBXML bytes. The output is canonical, which is what makes decode(encode(t))
// give back t and encode(decode(b)) give back b for every b this encoder produced:
// - header 03 01 6A 00, code page 0 current at the start;
// - SWITCH_PAGE only when an element's page differs from the current one;
// - null content -> tag without the content bit; [] is written the same way (so it decodes
//   as null); "" -> content tag, STR_I "", END; opaque -> OPAQUE with minimal-length mb_u_int32.
import { pageOf } from './code-pages/registry';
import { WbxmlEncodeError, type WbxmlEncodeErrorCode } from './errors';
import { resolveLimits, type WbxmlLimits } from './limits';
import type { WbxmlElement } from './tree';
import { encodeUtf8Into, isWellFormed } from './utf8';
import { EAS_HEADER, END, OPAQUE, STR_I, SWITCH_PAGE, TAG_CONTENT } from './wire';

export interface EncodeOptions {
  readonly limits?: Partial<WbxmlLimits>;
}

class Writer {
  buf: Uint8Array;
  len = 0;
  page = 0;
  /** Tag names from the root down to the element being written, for error messages. */
  readonly path: string[] = [];

  constructor(
    initial: number,
    readonly maxDepth: number,
  ) {
    this.buf = new Uint8Array(initial);
  }

  ensure(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): void {
    if (this.len >= this.buf.length) this.ensure(1);
    this.buf[this.len++] = b;
  }

  fail(code: WbxmlEncodeErrorCode, detail?: string): never {
    throw new WbxmlEncodeError(code, this.path.join('/') || '(root)', detail);
  }

  mbUint(value: number): void {
    // Up to 5 groups of 7 bits, most significant first, continuation bit on all but the last.
    this.ensure(5);
    let shift = 28;
    while (shift > 0 && value >>> shift === 0) shift -= 7;
    for (; shift > 0; shift -= 7) this.buf[this.len++] = ((value >>> shift) & 0x7f) | 0x80;
    this.buf[this.len++] = value & 0x7f;
  }

  element(e: WbxmlElement): void {
    this.path.push(e.tag);
    if (this.path.length > this.maxDepth)
      this.fail('too-deep', `more than ${this.maxDepth} levels`);
    const page = pageOf(e.ns);
    if (page === undefined) this.fail('unknown-namespace', String(e.ns));
    const tag = page.byName.get(e.tag);
    if (tag === undefined) this.fail('unknown-tag', `${e.ns}:${e.tag}`);
    if (page.page !== this.page) {
      this.ensure(2);
      this.buf[this.len++] = SWITCH_PAGE;
      this.buf[this.len++] = page.page;
      this.page = page.page;
    }
    const c = e.content;
    if (c === null || (Array.isArray(c) && c.length === 0)) {
      this.byte(tag.token);
    } else if (typeof c === 'string') {
      if (c.indexOf('\0') >= 0) this.fail('bad-text', 'NUL cannot be carried by STR_I');
      if (!isWellFormed(c)) this.fail('bad-text', 'lone surrogate');
      this.ensure(c.length * 3 + 4);
      const buf = this.buf;
      buf[this.len++] = tag.token | TAG_CONTENT;
      buf[this.len++] = STR_I;
      this.len = encodeUtf8Into(c, buf, this.len);
      buf[this.len++] = 0;
      buf[this.len++] = END;
    } else if (c instanceof Uint8Array) {
      this.ensure(c.length + 8);
      this.buf[this.len++] = tag.token | TAG_CONTENT;
      this.buf[this.len++] = OPAQUE;
      this.mbUint(c.length);
      this.buf.set(c, this.len);
      this.len += c.length;
      this.buf[this.len++] = END;
    } else if (Array.isArray(c)) {
      this.byte(tag.token | TAG_CONTENT);
      for (let i = 0; i < c.length; i++) this.element(c[i]);
      this.byte(END);
    } else {
      this.fail('bad-content', typeof c);
    }
    this.path.pop();
  }
}

/** Encodes a tree as an EAS WBXML body. Throws WbxmlEncodeError for trees it cannot carry. */
export function encode(root: WbxmlElement, options?: EncodeOptions): Uint8Array {
  const limits = resolveLimits(options?.limits);
  const w = new Writer(4096, limits.maxDepth);
  for (const b of EAS_HEADER) w.byte(b);
  w.element(root);
  return w.buf.slice(0, w.len);
}
