// Tree -> XML text in the form the MS-ASCMD examples use: the root's namespace is the default
// (xmlns="AirSync:") and every other namespace in the document is declared once on the root
// with its usual prefix (xmlns:email="Email:"). Opaque content is written as base64 after a
// <?wbxml-opaque?> marker, which schema validators ignore and xml-reader.ts turns back into
// bytes, so tree -> XML -> tree is exact.
import { pageOf } from '../code-pages/registry';
import { WbxmlEncodeError } from '../errors';
import { resolveLimits, type WbxmlLimits } from '../limits';
import type { WbxmlElement } from '../tree';
import { toBase64 } from './base64';

export const OPAQUE_MARKER = 'wbxml-opaque';

export interface XmlWriteOptions {
  /** Write the `<?xml ...?>` declaration (default true). */
  readonly declaration?: boolean;
  /** Indentation per level; '' writes everything on one line (default two spaces). */
  readonly indent?: string;
  readonly limits?: Partial<WbxmlLimits>;
}

// Characters XML 1.0 cannot hold literally, plus the ones that must be escaped. CR is written
// as a reference because parsers turn a literal CR into LF.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;
// eslint-disable-next-line no-control-regex
const ESCAPE_ALL = /[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g;

function escapeText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(ESCAPE_ALL, (c) =>
    c === '&'
      ? '&amp;'
      : c === '<'
        ? '&lt;'
        : c === '>'
          ? '&gt;'
          : `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`,
  );
}

function prefixOf(ns: string, path: string): string {
  const page = pageOf(ns);
  if (page === undefined) throw new WbxmlEncodeError('unknown-namespace', path, ns);
  return page.prefix;
}

/** Namespaces in order of first appearance, depth first. */
function collectNamespaces(root: WbxmlElement, maxDepth: number): string[] {
  const seen = new Set<string>();
  const walk = (e: WbxmlElement, depth: number): void => {
    if (depth > maxDepth)
      throw new WbxmlEncodeError('too-deep', e.tag, `more than ${maxDepth} levels`);
    seen.add(e.ns);
    if (Array.isArray(e.content)) for (const c of e.content as WbxmlElement[]) walk(c, depth + 1);
  };
  walk(root, 1);
  return [...seen];
}

/** Renders a tree as XML text (UTF-8 when written out). */
export function toXml(root: WbxmlElement, options: XmlWriteOptions = {}): string {
  const limits = resolveLimits(options.limits);
  const indent = options.indent ?? '  ';
  const newline = indent === '' ? '' : '\n';
  const namespaces = collectNamespaces(root, limits.maxDepth);
  const names = new Map<string, string>();
  let decls = ` xmlns="${root.ns}:"`;
  names.set(root.ns, '');
  for (const ns of namespaces) {
    if (ns === root.ns) continue;
    const prefix = prefixOf(ns, ns);
    names.set(ns, `${prefix}:`);
    decls += ` xmlns:${prefix}="${ns}:"`;
  }
  prefixOf(root.ns, root.tag);
  // One growing string: V8 keeps it as a rope and flattens it once, about twice as fast as
  // joining an array of small strings.
  let out = '';
  if (options.declaration !== false)
    out += `<?xml version="1.0" encoding="utf-8"?>${newline || '\n'}`;

  const write = (e: WbxmlElement, pad: string, attrs: string): void => {
    const name = names.get(e.ns) + e.tag;
    const c = e.content;
    if (c === null) {
      out += `${pad}<${name}${attrs}/>${newline}`;
    } else if (typeof c === 'string') {
      out += `${pad}<${name}${attrs}>${escapeText(c)}</${name}>${newline}`;
    } else if (c instanceof Uint8Array) {
      out += `${pad}<${name}${attrs}><?${OPAQUE_MARKER}?>${toBase64(c)}</${name}>${newline}`;
    } else if (c.length === 0) {
      out += `${pad}<${name}${attrs}/>${newline}`;
    } else {
      out += `${pad}<${name}${attrs}>${newline}`;
      const inner = pad + indent;
      for (const child of c) write(child, inner, '');
      out += `${pad}</${name}>${newline}`;
    }
  };
  write(root, '', decls);
  return out;
}
