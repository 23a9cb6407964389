// Cross-check against an independent implementation, Debian's libwbxml2-utils (0.11.8):
// our encoding decodes there to the same document, and its encoding decodes here to the same
// tree, over a corpus with every tag of every code page libwbxml knows (0..24; page 3 has no
// tags in 16.1). Its known gaps are handled explicitly: element spellings (LIBWBXML_NAMES), the
// "Gal:" namespace spelling, the tokens it cannot decode (two MeetingResponse tags,
// AccountOnlyRemoteWipe) and page 25 (Find), which it decodes only as "unknown" elements, so
// that page is compared by structure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAGES } from './code-pages/registry';
import { decode } from './decoder';
import { encode } from './encoder';
import { el, type WbxmlElement } from './tree';
import { toBase64 } from './xml/base64';
import { TO_LIBWBXML_NAMES } from './xml/libwbxml-names';
import { LIBWBXML_OPAQUE } from './xml/libwbxml-opaque';
import { fromXml } from './xml/xml-reader';
import { toXml } from './xml/xml-writer';

const tmp = mkdtempSync(join(tmpdir(), 'wbxml-x-'));
const UNSUPPORTED = new Set([
  'MeetingResponse:ProposedStartTime',
  'MeetingResponse:ProposedEndTime',
  'Provision:AccountOnlyRemoteWipe',
]);

function run(tool: string, args: string[]): void {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.error)
    throw new Error(`${tool} not runnable (apt-get install libwbxml2-utils): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr}`);
}

/** wbxml2xml -l ACTIVESYNC on our bytes, read back through our libwbxml-aware XML reader. */
function viaWbxml2xml(bytes: Uint8Array): WbxmlElement {
  writeFileSync(join(tmp, 'in.wbxml'), bytes);
  run('wbxml2xml', ['-l', 'ACTIVESYNC', '-o', join(tmp, 'out.xml'), join(tmp, 'in.wbxml')]);
  return fromXml(readFileSync(join(tmp, 'out.xml'), 'utf8'), { libwbxml: true });
}

/** The tree as libwbxml's XML (its names, its "Gal:" spelling, opaque as bare base64). */
function libwbxmlXml(e: WbxmlElement): string {
  const name = TO_LIBWBXML_NAMES[e.ns]?.[e.tag] ?? e.tag;
  const ns = e.ns === 'GAL' ? 'Gal:' : `${e.ns}:`;
  const c = e.content;
  const body =
    c === null
      ? ''
      : typeof c === 'string'
        ? c.replace(/&/g, '&amp;').replace(/</g, '&lt;')
        : c instanceof Uint8Array
          ? toBase64(c)
          : c.map(libwbxmlXml).join('');
  return c === null ? `<${name} xmlns="${ns}"/>` : `<${name} xmlns="${ns}">${body}</${name}>`;
}

/** xml2wbxml (no string table, anonymous: EAS header) on the tree, decoded by us. */
function viaXml2wbxml(tree: WbxmlElement): Uint8Array {
  writeFileSync(
    join(tmp, 'in.xml'),
    `<?xml version="1.0"?>\n<!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/">\n${libwbxmlXml(tree)}`,
  );
  run('xml2wbxml', ['-n', '-a', '-o', join(tmp, 'out.wbxml'), join(tmp, 'in.xml')]);
  return new Uint8Array(readFileSync(join(tmp, 'out.wbxml')));
}

/** One document per page: every tag of the page under an AirSync ApplicationData. */
function pageCorpus(page: number): WbxmlElement {
  const p = PAGES[page];
  const tags = [...p.byName.values()].filter((t) => !UNSUPPORTED.has(`${p.namespace}:${t.name}`));
  return el('AirSync', 'Sync', [
    el(
      'AirSync',
      'ApplicationData',
      tags.map((t, i) => {
        const key = `${p.namespace}:${t.name}`;
        if (LIBWBXML_OPAQUE.has(key))
          return el(p.namespace, t.name, new Uint8Array([i, 0, 255, 7]));
        return el(p.namespace, t.name, i % 5 === 0 ? null : `v${i} ${t.name} & <x>`);
      }),
    ),
  ]);
}

// Every page that has tags, but 25 (Find), which libwbxml 0.11.8 has no table for.
const CORPUS_PAGES = PAGES.filter((p) => p.page !== 25 && p.byName.size > 0).map((p) => p.page);
const VECTORS = join(__dirname, '..', 'test-vectors');

/** XML with every element name and attribute blanked: nesting, empty tags and text remain. */
function skeleton(xml: string): string {
  return xml
    .replace(/<\?[^>]*\?>|<!DOCTYPE[^>]*>|\s*\n\s*/g, '')
    .replace(/<\/[^>]*>/g, '</>')
    .replace(/<[^/>][^>]*?(\/?)>/g, '<e$1>');
}

describe('cross-check with libwbxml (wbxml2xml / xml2wbxml)', () => {
  it('covers every code page: 0..24 both ways, 25 by structure, 3 has no tags', () => {
    expect([...CORPUS_PAGES, 25]).toEqual([...Array(26).keys()].filter((p) => p !== 3));
    expect(PAGES[3].byName.size).toBe(0);
  });

  it('page 25 (Find): libwbxml decodes our bytes to the same nesting, empty tags and text', () => {
    // libwbxml has no Find table: it names each of these elements "unknown", and its
    // xml2wbxml cannot encode them at all, so only this direction and only the structure can
    // be compared. Find's tokens themselves are checked against the spec in registry.spec.ts.
    const tree = pageCorpus(25);
    writeFileSync(join(tmp, 'find.wbxml'), encode(tree));
    run('wbxml2xml', [
      '-l',
      'ACTIVESYNC',
      '-m',
      '0',
      '-o',
      join(tmp, 'find.xml'),
      join(tmp, 'find.wbxml'),
    ]);
    const theirs = readFileSync(join(tmp, 'find.xml'), 'utf8');
    expect(theirs).not.toMatch(/<Find/); // if libwbxml learns page 25, move it into CORPUS_PAGES
    expect(theirs.match(/<unknown[ />]/g)).toHaveLength(PAGES[25].byName.size);
    expect(skeleton(theirs)).toBe(skeleton(toXml(tree, { indent: '' })));
  });

  it('page 3 (AirNotify): libwbxml still knows its pre-16.1 tags; we refuse them by design', () => {
    // [MS-ASWBXML] 2.1.2.1.4: the page is no longer in use and assigns no tokens.
    const bytes = new Uint8Array([0x03, 0x01, 0x6a, 0x00, 0x00, 0x03, 0x05]);
    writeFileSync(join(tmp, 'notify.wbxml'), bytes);
    run('wbxml2xml', [
      '-l',
      'ACTIVESYNC',
      '-o',
      join(tmp, 'notify.xml'),
      join(tmp, 'notify.wbxml'),
    ]);
    expect(readFileSync(join(tmp, 'notify.xml'), 'utf8')).toMatch(/<Notify xmlns="AirNotify:"\/>/);
    expect(() => decode(bytes)).toThrow(/unknown-token/);
  });

  it.each(CORPUS_PAGES)('page %i: our bytes decode in libwbxml to the same document', (page) => {
    const tree = pageCorpus(page);
    expect(viaWbxml2xml(encode(tree))).toEqual(tree);
  });

  it.each(CORPUS_PAGES)(
    'page %i: libwbxml bytes decode here to the same tree, and equal ours',
    (page) => {
      const tree = pageCorpus(page);
      const theirs = viaXml2wbxml(tree);
      expect(decode(theirs)).toEqual(tree);
      expect(Buffer.from(theirs)).toEqual(Buffer.from(encode(tree)));
    },
  );

  const vectors = readdirSync(VECTORS).filter((f) => f.endsWith('.wbxml'));
  it.each(vectors)('golden vector %s agrees with libwbxml both ways', (file) => {
    const bytes = new Uint8Array(readFileSync(join(VECTORS, file)));
    const tree = decode(bytes);
    // The Sync response's Email2 ConversationId/Index are opaque, as libwbxml has them too.
    expect(viaWbxml2xml(bytes)).toEqual(tree);
    expect(Buffer.from(viaXml2wbxml(tree))).toEqual(Buffer.from(bytes));
  });

  it('libwbxml treats exactly the LIBWBXML_OPAQUE fields as opaque', () => {
    const found: string[] = [];
    for (const page of CORPUS_PAGES) {
      const p = PAGES[page];
      const tags = [...p.byName.values()].filter(
        (t) => !UNSUPPORTED.has(`${p.namespace}:${t.name}`),
      );
      const tree = el(
        'AirSync',
        'Sync',
        tags.map((t) => el(p.namespace, t.name, 'QUJD')),
      );
      const decoded = decode(viaXml2wbxml(tree)).content as WbxmlElement[];
      for (const e of decoded) if (e.content instanceof Uint8Array) found.push(`${e.ns}:${e.tag}`);
    }
    expect(new Set(found)).toEqual(LIBWBXML_OPAQUE);
  });
});
