// Element tree -> WBXML bytes. The output is canonical, which is what makes decode(encode(t))
// give back t and encode(decode(b)) give back b for every b this encoder produced:
// - header 03 01 6A 00, code page 0 current at the start;
// - SWITCH_PAGE only when an element's page differs from the current one;
// - null content -> tag without the content bit; [] is written the same way (so it decodes
//   as null); "" -> content tag, STR_I "", END; opaque -> OPAQUE with minimal-length mb_u_int32.
// One loop over the tree with an explicit stack (no recursion); depth is bounded by maxDepth.
import { PAGES, pageOf, type TagInfo } from './code-pages/registry';
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
// A buffer grown past KEEP_BYTES (a Sync window of hundreds of emails with bodies stays under
// it) for an unusually large document, such as a fetched attachment, is not kept.
const KEEP_BYTES = 4 * 1024 * 1024;
const FIRST_BYTES = 64 * 1024;
const NONE = new Uint8Array(0);
let spare: Uint8Array = NONE;
/** Most bytes an element writes besides its text or opaque data: SWITCH_PAGE, tag, STR_I or
 * OPAQUE with a 5-byte length, terminator, END. */
const ELEMENT_BYTES = 12;

// The items of a response repeat one shape, so the tag that followed a tag last time is
// usually the one that follows it now. Each tag (by page * 64 + token) remembers its successor;
// comparing names confirms the guess, which saves two map lookups per element. (Filled up
// front: a sparse array would fall back to slow dictionary elements.)
const successor: (TagInfo | undefined)[] = new Array(PAGES.length * 64).fill(undefined);

/** The tag for an element, or the encode error that says why there is none. */
function lookUp(e: WbxmlElement): TagInfo | WbxmlEncodeErrorCode {
  const page = pageOf(e.ns);
  if (page === undefined) return 'unknown-namespace';
  return page.byName.get(e.tag) ?? 'unknown-tag';
}

/** A working buffer with room for `need` bytes, holding the first `len` bytes of `buf`. */
function grow(buf: Uint8Array, len: number, need: number): Uint8Array {
  let size = buf.length * 2;
  while (size < need) size *= 2;
  const next = new Uint8Array(size);
  next.set(buf.subarray(0, len));
  return next;
}

/** mb_u_int32: groups of 7 bits, most significant first, continuation bit on all but the last. */
function writeMbUint(buf: Uint8Array, at: number, value: number): number {
  let shift = 28;
  while (shift > 0 && value >>> shift === 0) shift -= 7;
  for (; shift > 0; shift -= 7) buf[at++] = ((value >>> shift) & 0x7f) | 0x80;
  buf[at++] = value & 0x7f;
  return at;
}

/** An element's encoding kept on it (encodeReusable): its body, and the pages it starts and ends in. */
interface Reused {
  readonly body: Uint8Array;
  readonly firstPage: number;
  readonly lastPage: number;
}
const REUSED = Symbol('wbxml.reused');
type MaybeReused = WbxmlElement & { readonly [REUSED]?: Reused };

/**
 * Encodes an element as a document of its own and returns it, with those bytes, as an element
 * that a later encode copies rather than encodes again: a Sync window is stored as it was sent,
 * and encoding hundreds of bodies twice is much of the window's cost. The copy is byte for byte
 * what encoding it in place gives, SWITCH_PAGE included. The element must not change afterwards.
 */
export function encodeReusable(
  root: WbxmlElement,
  options?: EncodeOptions,
): { element: WbxmlElement; bytes: Uint8Array } {
  const { bytes, lastPage } = encodeTree(root, options);
  let body = bytes.subarray(EAS_HEADER.length);
  // A body starts with a tag token, never 0x00, unless it begins by leaving page 0.
  let firstPage = 0;
  if (body[0] === SWITCH_PAGE) {
    firstPage = body[1];
    body = body.subarray(2);
  }
  // Assigned, not `{ ...root, [REUSED]: ... }`: V8 gives each object made that way a hidden
  // class of its own, and a Sync window holds hundreds.
  const element: MaybeReused = Object.assign({}, root, { [REUSED]: { body, firstPage, lastPage } });
  return { element, bytes };
}

/** Encodes a tree as an EAS WBXML body. Throws WbxmlEncodeError for trees it cannot carry. */
export function encode(root: WbxmlElement, options?: EncodeOptions): Uint8Array {
  return encodeTree(root, options).bytes;
}

function encodeTree(
  root: WbxmlElement,
  options?: EncodeOptions,
): { bytes: Uint8Array; lastPage: number } {
  const maxDepth = resolveLimits(options?.limits).maxDepth;
  let buf = spare.length > 0 ? spare : new Uint8Array(FIRST_BYTES);
  spare = NONE; // taken: a nested call (a getter in the tree, say) must not write into it
  buf.set(EAS_HEADER);
  let len = EAS_HEADER.length;
  let page = 0;
  let previous: TagInfo | undefined;
  // The containers being written, outermost first: their children and the next one's index.
  const children: (readonly WbxmlElement[])[] = [];
  const next: number[] = [];
  let depth = 0;
  let e = root;

  const fail = (code: WbxmlEncodeErrorCode, detail: string): never => {
    const path = children.slice(0, depth).map((c, d) => c[next[d] - 1].tag);
    throw new WbxmlEncodeError(code, [root.tag, ...path].join('/'), detail);
  };

  for (;;) {
    if (depth >= maxDepth) fail('too-deep', `more than ${maxDepth} levels`);
    const reused = (e as MaybeReused)[REUSED];
    if (reused !== undefined) {
      const need = len + 2 + reused.body.length;
      if (need > buf.length) buf = grow(buf, len, need);
      if (reused.firstPage !== page) {
        buf[len++] = SWITCH_PAGE;
        buf[len++] = reused.firstPage;
      }
      buf.set(reused.body, len);
      len += reused.body.length;
      page = reused.lastPage;
      previous = undefined;
    } else {
      const slot = previous === undefined ? -1 : previous.page * 64 + previous.token;
      let tag = slot < 0 ? undefined : successor[slot];
      if (tag === undefined || tag.name !== e.tag || tag.namespace !== e.ns) {
        const found = lookUp(e);
        if (typeof found === 'string') return fail(found, `${String(e.ns)}:${String(e.tag)}`);
        tag = found;
        if (slot >= 0) successor[slot] = tag;
      }
      previous = tag;

      const c = e.content;
      const data = typeof c === 'string' ? c.length * 3 : c instanceof Uint8Array ? c.length : 0;
      if (len + ELEMENT_BYTES + data > buf.length) buf = grow(buf, len, len + ELEMENT_BYTES + data);
      if (tag.page !== page) {
        buf[len++] = SWITCH_PAGE;
        buf[len++] = tag.page;
        page = tag.page;
      }
      if (typeof c === 'string') {
        buf[len++] = tag.token | TAG_CONTENT;
        buf[len++] = STR_I;
        const end = writeUtf8(c, buf, len);
        if (end === HAS_NUL) fail('bad-text', 'NUL cannot be carried by STR_I');
        if (end === LONE_SURROGATE) fail('bad-text', 'lone surrogate');
        buf[end] = 0;
        buf[end + 1] = END;
        len = end + 2;
      } else if (c === null || (Array.isArray(c) && c.length === 0)) {
        buf[len++] = tag.token;
      } else if (Array.isArray(c)) {
        buf[len++] = tag.token | TAG_CONTENT;
        children[depth] = c;
        next[depth] = 1;
        depth++;
        e = c[0];
        continue;
      } else if (c instanceof Uint8Array) {
        buf[len++] = tag.token | TAG_CONTENT;
        buf[len++] = OPAQUE;
        len = writeMbUint(buf, len, c.length);
        buf.set(c, len);
        len += c.length;
        buf[len++] = END;
      } else {
        fail('bad-content', typeof c);
      }
    }

    // On to the next sibling, closing every container that has none left.
    for (;;) {
      if (depth === 0) {
        if (buf.length <= KEEP_BYTES) spare = buf;
        return { bytes: buf.slice(0, len), lastPage: page };
      }
      const siblings = children[depth - 1];
      const i = next[depth - 1];
      if (i < siblings.length) {
        next[depth - 1] = i + 1;
        e = siblings[i];
        break;
      }
      if (len >= buf.length) buf = grow(buf, len, len + 1);
      buf[len++] = END;
      depth--;
    }
  }
}
