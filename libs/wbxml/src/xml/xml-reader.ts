// XML text -> element tree. Accepts the MS-ASCMD form (prefixes declared on the root) and
// libwbxml's form (a default namespace on each element, DOCTYPE, no indentation). Only what
// EAS WBXML can carry is accepted: no attributes but namespace declarations, no mixed content.
// Text is kept exactly (entities and character references resolved, CR/CRLF read as LF as
// XML requires); whitespace between child elements is ignored.
import { pageForUri, type PageInfo } from '../code-pages/registry';
import { XmlViewError, type XmlViewErrorCode } from '../errors';
import { resolveLimits, type WbxmlLimits } from '../limits';
import type { WbxmlContent, WbxmlElement } from '../tree';
import { fromBase64 } from './base64';
import { LIBWBXML_NAMES } from './libwbxml-names';
import { LIBWBXML_OPAQUE } from './libwbxml-opaque';
import { OPAQUE_MARKER } from './xml-writer';

export interface XmlReadOptions {
  readonly limits?: Partial<WbxmlLimits>;
  /**
   * Read wbxml2xml output: accept libwbxml's element spellings (LIBWBXML_NAMES) and treat the
   * base64 text of the fields libwbxml encodes as OPAQUE as opaque bytes.
   */
  readonly libwbxml?: boolean;
}

interface Frame {
  readonly page: PageInfo;
  readonly tag: string;
  readonly qname: string;
  readonly bindings: Map<string, string> | null;
  readonly children: WbxmlElement[];
  text: string;
  opaque: boolean;
}

const NAME = /[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/y;
const ATTR = /\s+([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*=\s*("[^"<]*"|'[^'<]*')/y;
const ENTITY = /^&(?:(lt|gt|amp|quot|apos)|#(\d{1,7})|#x([0-9A-Fa-f]{1,6}));$/;
const ANY_REFERENCE = /&[^&;<]{0,12};?/g;
const NAMED: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

class Parser {
  pos = 0;
  readonly stack: Frame[] = [];
  /** The root element, once its end tag (or self-closing start tag) has been read. */
  done: WbxmlElement | undefined;

  constructor(
    readonly s: string,
    readonly limits: WbxmlLimits,
    readonly libwbxml: boolean,
  ) {}

  fail(code: XmlViewErrorCode, detail: string, at = this.pos): never {
    let line = 1;
    for (let i = 0; i < at && i < this.s.length; i++) if (this.s.charCodeAt(i) === 10) line++;
    throw new XmlViewError(code, line, detail);
  }

  skipTo(token: string, what: string): void {
    const end = this.s.indexOf(token, this.pos);
    if (end < 0) this.fail('bad-xml', `unterminated ${what}`);
    this.pos = end + token.length;
  }

  skipSpace(): void {
    while (this.pos < this.s.length && ' \t\r\n'.includes(this.s[this.pos])) this.pos++;
  }

  /** Comments, PIs, the XML declaration and a DOCTYPE, before or after the root. */
  skipMisc(allowDoctype: boolean): void {
    for (;;) {
      this.skipSpace();
      if (this.s.startsWith('<?', this.pos)) this.skipTo('?>', 'processing instruction');
      else if (this.s.startsWith('<!--', this.pos)) this.skipTo('-->', 'comment');
      else if (allowDoctype && this.s.startsWith('<!DOCTYPE', this.pos)) this.skipDoctype();
      else return;
    }
  }

  skipDoctype(): void {
    let depth = 0;
    for (let i = this.pos; i < this.s.length; i++) {
      const c = this.s[i];
      if (c === '"' || c === "'") {
        const end = this.s.indexOf(c, i + 1);
        if (end < 0) break;
        i = end;
      } else if (c === '[') depth++;
      else if (c === ']') depth--;
      else if (c === '>' && depth <= 0) {
        this.pos = i + 1;
        return;
      }
    }
    this.fail('bad-xml', 'unterminated DOCTYPE');
  }

  name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.s);
    if (m === null) this.fail('bad-xml', 'expected a name');
    this.pos = NAME.lastIndex;
    return m[0];
  }

  resolve(prefix: string, bindings: Map<string, string> | null, at: number): PageInfo {
    let uri = bindings?.get(prefix);
    for (let i = this.stack.length - 1; uri === undefined && i >= 0; i--)
      uri = this.stack[i].bindings?.get(prefix);
    if (uri === undefined)
      this.fail('unknown-namespace', `no namespace declared for prefix "${prefix}"`, at);
    const page = pageForUri(uri);
    if (page === undefined)
      this.fail('unknown-namespace', `"${uri}" is not an MS-ASWBXML namespace`, at);
    return page;
  }

  text(raw: string, at: number): string {
    let t = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
    if (t.includes('&')) {
      t = t.replace(ANY_REFERENCE, (ref) => {
        const m = ENTITY.exec(ref);
        if (m === null)
          this.fail('bad-xml', `unknown entity or stray "&": ${ref.slice(0, 12)}`, at);
        const [, named, dec, hex] = m;
        if (named) return NAMED[named];
        const cp = parseInt(dec ?? hex, dec ? 10 : 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0)
          this.fail('bad-xml', 'bad character reference', at);
        return String.fromCodePoint(cp);
      });
    }
    return t;
  }

  /** Parses a start tag at this.pos (just past '<'). */
  startTag(): void {
    const at = this.pos - 1;
    const qname = this.name();
    let bindings: Map<string, string> | null = null;
    for (;;) {
      ATTR.lastIndex = this.pos;
      const m = ATTR.exec(this.s);
      if (m === null) break;
      this.pos = ATTR.lastIndex;
      const [, attr, quoted] = m;
      const value = this.text(quoted.slice(1, -1), at);
      if (attr !== 'xmlns' && !attr.startsWith('xmlns:'))
        this.fail('bad-xml', `attribute ${attr}: EAS WBXML has none`, at);
      (bindings ??= new Map()).set(attr === 'xmlns' ? '' : attr.slice(6), value);
    }
    this.skipSpace();
    const selfClosing = this.s.startsWith('/>', this.pos);
    if (!selfClosing && this.s[this.pos] !== '>')
      this.fail('bad-xml', `malformed start tag <${qname}`);
    this.pos += selfClosing ? 2 : 1;
    const colon = qname.indexOf(':');
    const page = this.resolve(colon < 0 ? '' : qname.slice(0, colon), bindings, at);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    let tag = page.byName.get(local)?.name;
    if (tag === undefined && this.libwbxml) tag = LIBWBXML_NAMES[page.namespace]?.[local];
    if (tag === undefined)
      this.fail('unknown-tag', `${page.namespace}:${local} is not in code page ${page.page}`, at);
    if (this.stack.length >= this.limits.maxDepth)
      this.fail('too-deep', `more than ${this.limits.maxDepth} levels`, at);
    const frame: Frame = { page, tag, qname, bindings, children: [], text: '', opaque: false };
    if (selfClosing) this.finish(frame, null);
    else this.stack.push(frame);
  }

  finish(frame: Frame, content: WbxmlContent): WbxmlElement {
    const element: WbxmlElement = { ns: frame.page.namespace, tag: frame.tag, content };
    const parent = this.stack[this.stack.length - 1];
    if (parent !== undefined) parent.children.push(element);
    else this.done = element;
    return element;
  }

  close(frame: Frame): WbxmlElement {
    if (frame.children.length > 0) {
      if (frame.opaque || !/^[ \t\n]*$/.test(frame.text))
        this.fail('bad-xml', `<${frame.qname}> mixes text and elements`);
      return this.finish(frame, frame.children);
    }
    const opaque =
      frame.opaque ||
      (this.libwbxml && LIBWBXML_OPAQUE.has(`${frame.page.namespace}:${frame.tag}`));
    if (!opaque) return this.finish(frame, frame.text);
    const bytes = fromBase64(frame.text);
    if (bytes === undefined)
      this.fail('bad-base64', `<${frame.qname}> opaque content is not base64`);
    return this.finish(frame, bytes);
  }

  document(): WbxmlElement {
    const s = this.s;
    if (s.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.skipMisc(true);
    if (s[this.pos] !== '<') this.fail('bad-xml', 'expected the root element');
    this.pos++;
    this.startTag();
    while (this.done === undefined) {
      const lt = s.indexOf('<', this.pos);
      if (lt < 0) this.fail('bad-xml', 'document ends inside an element', s.length);
      const top = this.stack[this.stack.length - 1];
      if (lt > this.pos) top.text += this.text(s.slice(this.pos, lt), this.pos);
      this.pos = lt;
      if (s.startsWith('</', lt)) {
        this.pos = lt + 2;
        const qname = this.name();
        this.skipSpace();
        if (s[this.pos] !== '>' || qname !== top.qname)
          this.fail('bad-xml', `expected </${top.qname}>`);
        this.pos++;
        this.stack.pop();
        this.close(top);
      } else if (s.startsWith('<!--', lt)) {
        this.skipTo('-->', 'comment');
      } else if (s.startsWith('<![CDATA[', lt)) {
        this.pos = lt + 9;
        const end = s.indexOf(']]>', this.pos);
        if (end < 0) this.fail('bad-xml', 'unterminated CDATA');
        top.text += s.slice(this.pos, end).replace(/\r\n?/g, '\n');
        this.pos = end + 3;
      } else if (s.startsWith('<?', lt)) {
        const end = s.indexOf('?>', lt);
        if (end < 0) this.fail('bad-xml', 'unterminated processing instruction');
        if (s.slice(lt + 2, end).trim() === OPAQUE_MARKER) top.opaque = true;
        this.pos = end + 2;
      } else {
        this.pos = lt + 1;
        this.startTag();
      }
    }
    this.skipMisc(false);
    if (this.pos < s.length) this.fail('bad-xml', 'content after the root element');
    return this.done;
  }
}

/** Reads XML text (one EAS document) into a tree. */
export function fromXml(text: string, options: XmlReadOptions = {}): WbxmlElement {
  const limits = resolveLimits(options.limits);
  if (text.length > limits.maxInputBytes) {
    throw new XmlViewError('too-large', 1, `${text.length} characters > ${limits.maxInputBytes}`);
  }
  return new Parser(text, limits, options.libwbxml === true).document();
}
