// Canonical encoding rules and the encoder's own errors.
import { decode } from './decoder';
import { encode, encodeReusable } from './encoder';
import { WbxmlEncodeError, type WbxmlEncodeErrorCode } from './errors';
import { el } from './tree';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('encode', () => {
  it('writes the EAS header and switches pages only when the page changes', () => {
    const tree = el('AirSync', 'Sync', [
      el('Email', 'Subject', 'a'),
      el('Email', 'Read', '1'),
      el('AirSync', 'Status', '1'),
    ]);
    expect(hex(encode(tree))).toBe(
      '03016a0045' + '0002' + '5403610001' + '5503310001' + '0000' + '4e03310001' + '01',
    );
  });

  it('distinguishes an empty tag (null) from empty text ("") and writes [] as empty', () => {
    expect(hex(encode(el('AirSync', 'GetChanges')))).toBe('03016a0013');
    expect(hex(encode(el('AirSync', 'GetChanges', [])))).toBe('03016a0013');
    expect(hex(encode(el('AirSync', 'SyncKey', '')))).toBe('03016a004b030001');
    expect(decode(encode(el('AirSync', 'SyncKey', ''))).content).toBe('');
  });

  it('writes OPAQUE lengths as minimal multi-byte integers', () => {
    const data = new Uint8Array(200).fill(7);
    const out = encode(el('Email2', 'ConversationId', data));
    expect(hex(out.subarray(0, 10))).toBe('03016a0000164' + '9c38148');
    expect(decode(out).content).toEqual(data);
  });

  it('never mistakes a tag for the one that followed the same tag before', () => {
    // Same predecessor, then a same-named tag of another page, then an unknown one.
    const status = (ns: string) =>
      el('AirSync', 'Sync', [el('AirSync', 'SyncKey', '1'), el(ns, 'Status', '1')]);
    for (const ns of ['AirSync', 'FolderHierarchy', 'AirSync', 'Ping']) {
      expect(decode(encode(status(ns)))).toEqual(status(ns));
    }
    expect(() =>
      encode(el('AirSync', 'Sync', [el('AirSync', 'SyncKey', '1'), el('AirSync', 'Nope')])),
    ).toThrow(/unknown-tag at Sync\/Nope/);
  });

  it('returns a buffer of its own each time (the working buffer is reused)', () => {
    const first = encode(el('AirSync', 'SyncKey', 'first'));
    const copy = Buffer.from(first);
    encode(el('AirSync', 'SyncKey', 'second, longer'));
    expect(Buffer.from(first)).toEqual(copy);
  });

  it('gives a nested call (from a getter in the tree) a buffer of its own', () => {
    let inner: Uint8Array | undefined;
    const tricky = {
      ns: 'AirSync',
      tag: 'SyncKey',
      get content() {
        inner = encode(el('Ping', 'Ping', [el('Ping', 'Status', '1')]));
        return 'outer';
      },
    };
    const outer = encode(el('AirSync', 'Sync', [el('AirSync', 'Status', '1'), tricky]));
    expect(decode(outer)).toEqual(
      el('AirSync', 'Sync', [el('AirSync', 'Status', '1'), el('AirSync', 'SyncKey', 'outer')]),
    );
    expect(decode(inner!)).toEqual(el('Ping', 'Ping', [el('Ping', 'Status', '1')]));
  });

  it('grows past its working buffer and keeps going', () => {
    const body = 'x'.repeat(5 * 1024 * 1024); // past KEEP_BYTES: the grown buffer is dropped
    const big = encode(el('AirSyncBase', 'Data', body));
    expect(decode(big).content).toBe(body);
    expect(hex(encode(el('AirSync', 'SyncKey', '1')))).toBe('03016a004b03310001');
  });

  it('copies a reused element byte for byte as encoding it in place would, on any page', () => {
    const item = (n: number) =>
      el('AirSync', 'Add', [
        el('AirSync', 'ServerId', `id${n}`),
        el('AirSync', 'ApplicationData', [
          el('Email', 'Subject', `subject ${n}`),
          el('AirSyncBase', 'Body', [el('AirSyncBase', 'Data', 'x'.repeat(n * 300))]),
          el('Email2', 'ConversationId', new Uint8Array([n, 0, 255])),
        ]),
      ]);
    // Pages before and after the reused parts differ from the ones they start and end in.
    const tree = (parts: ReturnType<typeof item>[]) =>
      el('AirSync', 'Sync', [
        el('AirSync', 'Collections', [
          el('AirSync', 'Collection', [el('AirSync', 'SyncKey', '2'), ...parts.slice(0, 1)]),
          el('Email', 'Read', '1'),
          ...parts.slice(1),
          el('AirSyncBase', 'Type', '2'),
          el('AirSync', 'Status', '1'),
        ]),
      ]);
    const plain = [1, 2, 3, 400].map(item);
    const reused = plain.map((part) => encodeReusable(part));
    expect(reused[0].bytes).toEqual(encode(plain[0]));
    const expected = encode(tree(plain));
    const copied = encode(tree(reused.map((r) => r.element)));
    expect(hex(copied)).toBe(hex(expected));
    // Still an element like any other, and reusable inside a reused element.
    expect(reused[1].element).toMatchObject({
      ns: 'AirSync',
      tag: 'Add',
      content: plain[1].content,
    });
    const outer = encodeReusable(tree(reused.map((r) => r.element)));
    expect(hex(outer.bytes)).toBe(hex(expected));
    expect(hex(encode(el('AirSync', 'Sync', [outer.element])))).toBe(
      hex(encode(el('AirSync', 'Sync', [tree(plain)]))),
    );
    expect(hex(encode(reused[3].element))).toBe(hex(encode(plain[3])));
  });

  it('writes UTF-8 text, including astral characters', () => {
    const text = 'Grüße 😀 日本';
    expect(decode(encode(el('Email', 'Subject', text))).content).toBe(text);
  });

  const bad: [WbxmlEncodeErrorCode, string, Parameters<typeof encode>[0]][] = [
    ['unknown-namespace', 'namespace not in MS-ASWBXML', el('Nope', 'Sync')],
    ['unknown-tag', 'tag not on the page', el('AirSync', 'Version')],
    ['bad-text', 'NUL in text', el('Email', 'Subject', 'a\0b')],
    ['bad-text', 'lone surrogate', el('Email', 'Subject', 'a\ud800b')],
    [
      'bad-content',
      'content of the wrong type',
      { ns: 'Email', tag: 'Subject', content: 5 as unknown as string },
    ],
  ];
  it.each(bad)('%s: %s', (code, _what, tree) => {
    let error: unknown;
    try {
      encode(tree);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WbxmlEncodeError);
    expect((error as WbxmlEncodeError).code).toBe(code);
  });

  it('too-deep: refuses trees deeper than maxDepth and names the path', () => {
    let tree = el('AirSync', 'SyncKey', '1');
    for (let i = 0; i < 4; i++) tree = el('AirSync', 'Collection', [tree]);
    expect(() => encode(tree, { limits: { maxDepth: 4 } })).toThrow(
      /too-deep at Collection\/Collection\/Collection\/Collection\/SyncKey/,
    );
    expect(() => encode(tree, { limits: { maxDepth: 5 } })).not.toThrow();
  });
});
