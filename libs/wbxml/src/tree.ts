// The typed element tree both directions work on. EAS uses no attributes, no mixed content
// and no string table, so an element is a namespace, a tag and exactly one kind of content.

/**
 * - `null`: an empty tag (`<Flag/>`, no content bit on the wire)
 * - `string`: text (STR_I; `""` is kept as an explicit empty string)
 * - `Uint8Array`: opaque bytes (OPAQUE)
 * - array: child elements
 */
export type WbxmlContent = null | string | Uint8Array | readonly WbxmlElement[];

export interface WbxmlElement {
  /** Namespace name as in MS-ASWBXML, without the wire colon: "AirSync", "Email2". */
  readonly ns: string;
  /** Tag name exactly as in the MS-ASWBXML code page table. */
  readonly tag: string;
  readonly content: WbxmlContent;
}

/** Builds an element; content defaults to an empty tag. */
export function el(ns: string, tag: string, content: WbxmlContent = null): WbxmlElement {
  return { ns, tag, content };
}

export function isChildren(content: WbxmlContent): content is readonly WbxmlElement[] {
  return Array.isArray(content);
}

/** Structural equality of two trees (opaque bytes compared byte by byte). */
export function treesEqual(a: WbxmlElement, b: WbxmlElement): boolean {
  if (a.ns !== b.ns || a.tag !== b.tag) return false;
  const x = a.content;
  const y = b.content;
  if (x === null || typeof x === 'string') return x === y;
  if (x instanceof Uint8Array) {
    if (!(y instanceof Uint8Array) || y.length !== x.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  if (!Array.isArray(y) || y.length !== x.length) return false;
  for (let i = 0; i < x.length; i++) if (!treesEqual(x[i], (y as WbxmlElement[])[i])) return false;
  return true;
}
