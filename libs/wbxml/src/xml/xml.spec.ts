// The XML view: MS-ASCMD form out, both MS-ASCMD and libwbxml forms in, exact round trips.
import { XmlViewError, type XmlViewErrorCode } from '../errors';
import { el } from '../tree';
import { fromBase64, toBase64 } from './base64';
import { fromXml } from './xml-reader';
import { toXml } from './xml-writer';

describe('toXml', () => {
  it('declares the root namespace as default and the others on the root with their prefixes', () => {
    const tree = el('Sync', 'Sync');
    expect(() => toXml(tree)).toThrow(); // "Sync" is not a namespace name
    const doc = el('AirSync', 'Sync', [
      el('AirSync', 'Collections', [
        el('AirSync', 'Collection', [
          el('Email', 'Subject', 'a & b <c>'),
          el('AirSyncBase', 'Body', [el('AirSyncBase', 'Type', '1')]),
          el('Email', 'Flag'),
        ]),
      ]),
    ]);
    expect(toXml(doc)).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<Sync xmlns="AirSync:" xmlns:email="Email:" xmlns:airsyncbase="AirSyncBase:">',
        '  <Collections>',
        '    <Collection>',
        '      <email:Subject>a &amp; b &lt;c&gt;</email:Subject>',
        '      <airsyncbase:Body>',
        '        <airsyncbase:Type>1</airsyncbase:Type>',
        '      </airsyncbase:Body>',
        '      <email:Flag/>',
        '    </Collection>',
        '  </Collections>',
        '</Sync>',
        '',
      ].join('\n'),
    );
  });

  it('marks opaque content so that it reads back as bytes', () => {
    const doc = el('Email2', 'ConversationId', new Uint8Array([0, 1, 254, 255]));
    const xml = toXml(doc, { declaration: false, indent: '' });
    expect(xml).toBe('<ConversationId xmlns="Email2:"><?wbxml-opaque?>AAH+/w==</ConversationId>');
    expect(fromXml(xml)).toEqual(doc);
  });

  it('keeps CR, control characters and empty text exact', () => {
    for (const text of ['a\r\nb\rc', '\u0001\u001f\ufffe', '', '  padded  ', '\ufeffbom']) {
      const doc = el('Email', 'Subject', text);
      expect(fromXml(toXml(doc))).toEqual(doc);
    }
    expect(fromXml(toXml(el('Email', 'Subject', null)))).toEqual(el('Email', 'Subject', null));
  });
});

describe('fromXml', () => {
  it('reads libwbxml output: DOCTYPE, per-element default namespaces, libwbxml names', () => {
    const xml =
      '<?xml version="1.0"?>\n<!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/">\n' +
      '<Sync xmlns="AirSync:"><ApplicationData><Reply-To xmlns="Email:">x</Reply-To>' +
      '<ConversationId xmlns="Email2:">AAE=</ConversationId><Phone xmlns="Gal:">1</Phone></ApplicationData></Sync>';
    expect(fromXml(xml, { libwbxml: true })).toEqual(
      el('AirSync', 'Sync', [
        el('AirSync', 'ApplicationData', [
          el('Email', 'ReplyTo', 'x'),
          el('Email2', 'ConversationId', new Uint8Array([0, 1])),
          el('GAL', 'Phone', '1'),
        ]),
      ]),
    );
    expect(() => fromXml(xml)).toThrow(/unknown-tag/);
  });

  it('accepts schema-form and legacy namespace names, comments, CDATA and character references', () => {
    const xml =
      '<!-- c --><Ping xmlns="Ping"><!-- d --><Status><![CDATA[<1>]]>&#x32;&#51;</Status></Ping>';
    expect(fromXml(xml)).toEqual(el('Ping', 'Ping', [el('Ping', 'Status', '<1>23')]));
    expect(fromXml('<m:Subject xmlns:m="POOMMAIL:">s</m:Subject>')).toEqual(
      el('Email', 'Subject', 's'),
    );
  });

  const bad: [XmlViewErrorCode, string][] = [
    ['bad-xml', '<Sync xmlns="AirSync:"><Collections></Sync>'],
    ['bad-xml', '<Sync xmlns="AirSync:" foo="1"/>'],
    ['bad-xml', '<Sync xmlns="AirSync:">text<Collections/></Sync>'],
    ['bad-xml', '<Sync xmlns="AirSync:"/><Sync xmlns="AirSync:"/>'],
    ['bad-xml', '<Sync xmlns="AirSync:">&bogus;</Sync>'],
    ['bad-xml', 'no markup'],
    ['bad-xml', '<Sync xmlns="AirSync:"><Collections>'],
    ['unknown-namespace', '<Sync/>'],
    ['unknown-namespace', '<x:Sync xmlns="AirSync:"/>'],
    ['unknown-namespace', '<Sync xmlns="urn:other"/>'],
    ['unknown-tag', '<Version xmlns="AirSync:"/>'],
    ['bad-base64', '<ConversationId xmlns="Email2:"><?wbxml-opaque?>not base64!</ConversationId>'],
    ['too-deep', '<Sync xmlns="AirSync:"><Sync><Sync/></Sync></Sync>'],
  ];
  it.each(bad)('%s: %s', (code, xml) => {
    let error: unknown;
    try {
      fromXml(xml, { limits: { maxDepth: 2 } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(XmlViewError);
    expect((error as XmlViewError).code).toBe(code);
  });

  it('too-large: refuses text above maxInputBytes', () => {
    expect(() => fromXml('<Sync xmlns="AirSync:"/>', { limits: { maxInputBytes: 10 } })).toThrow(
      /too-large/,
    );
  });
});

describe('base64', () => {
  it('round-trips every length and refuses non-canonical input', () => {
    for (let n = 0; n < 10; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37) & 255);
      expect(toBase64(b)).toBe(Buffer.from(b).toString('base64'));
      expect(fromBase64(toBase64(b))).toEqual(b);
    }
    expect(fromBase64('AB==')).toBeUndefined(); // padding bits set
    expect(fromBase64('A===')).toBeUndefined();
    expect(fromBase64('AAA')).toBeUndefined();
    expect(fromBase64('AA=A')).toBeUndefined();
    expect(fromBase64(' AAAA\n')).toEqual(new Uint8Array(3));
  });
});
