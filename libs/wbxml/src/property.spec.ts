// Property tests: valid trees round-trip through bytes and XML; arbitrary and mutated bytes
// only ever give a tree or a WbxmlDecodeError, within the limits.
import fc from 'fast-check';
import { decode } from './decoder';
import { encode } from './encoder';
import { WbxmlDecodeError } from './errors';
import { PAGES } from './code-pages/registry';
import { treesEqual, type WbxmlContent, type WbxmlElement } from './tree';
import { fromXml } from './xml/xml-reader';
import { toXml } from './xml/xml-writer';

const TAGS = PAGES.flatMap((p) => [...p.byName.values()]);

/** Text STR_I can carry exactly: any well-formed Unicode without NUL. */
const textArb = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/\0/g, ''));

function treeArb(maxDepth = 5): fc.Arbitrary<WbxmlElement> {
  const { tree } = fc.letrec<{ tree: WbxmlElement; content: WbxmlContent }>((tie) => ({
    tree: fc
      .record({
        tag: fc.constantFrom(...TAGS),
        content: tie('content'),
      })
      .map(({ tag, content }) => ({ ns: tag.namespace, tag: tag.name, content })),
    content: fc.oneof(
      { depthSize: 'small', maxDepth },
      fc.constant(null),
      textArb,
      fc.uint8Array({ maxLength: 300 }),
      fc.array(tie('tree'), { minLength: 1, maxLength: 4 }),
    ),
  }));
  return tree;
}

const LIMITS = { maxDepth: 16, maxInputBytes: 64 * 1024 };

/** Decodes, and fails the property on anything but a tree or a WbxmlDecodeError. */
function decodeOutcome(bytes: Uint8Array): string {
  try {
    decode(bytes, { limits: LIMITS });
    return 'tree';
  } catch (e) {
    if (e instanceof WbxmlDecodeError) return e.code;
    throw e;
  }
}

describe('properties', () => {
  it('decode(encode(tree)) is the tree, and re-encoding gives the same bytes', () => {
    fc.assert(
      fc.property(treeArb(), (tree) => {
        const bytes = encode(tree);
        const back = decode(bytes);
        return (
          treesEqual(back, tree) &&
          Buffer.compare(Buffer.from(encode(back)), Buffer.from(bytes)) === 0
        );
      }),
      { numRuns: 500 },
    );
  });

  it('fromXml(toXml(tree)) is the tree', () => {
    fc.assert(
      fc.property(treeArb(), (tree) => treesEqual(fromXml(toXml(tree)), tree)),
      { numRuns: 500 },
    );
  });

  it('every proper prefix of an encoding fails as truncated', () => {
    fc.assert(
      fc.property(treeArb(3), fc.nat(), (tree, cut) => {
        const bytes = encode(tree);
        return decodeOutcome(bytes.subarray(0, cut % bytes.length)) === 'truncated';
      }),
      { numRuns: 500 },
    );
  });

  it('random bytes give a tree or a WbxmlDecodeError', () => {
    const withHeader = fc
      .uint8Array({ maxLength: 200 })
      .map((b) => new Uint8Array([0x03, 0x01, 0x6a, 0x00, ...b]));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), withHeader), (bytes) => {
        decodeOutcome(bytes);
      }),
      { numRuns: 3000 },
    );
  });

  it('mutated valid encodings give a tree or a WbxmlDecodeError', () => {
    const mutation = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('flip', 'insert', 'delete'),
      value: fc.integer({ min: 0, max: 255 }),
    });
    fc.assert(
      fc.property(
        treeArb(4),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (tree, mutations) => {
          const bytes = [...encode(tree)];
          for (const { at, kind, value } of mutations) {
            const i = at % (bytes.length + 1);
            if (kind === 'flip') bytes[i % bytes.length] = value;
            else if (kind === 'insert') bytes.splice(i, 0, value);
            else bytes.splice(i % bytes.length, 1);
          }
          decodeOutcome(new Uint8Array(bytes));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('stays within the depth and size limits on hostile input', () => {
    const deep = new Uint8Array([0x03, 0x01, 0x6a, 0x00, ...new Array(100_000).fill(0x45)]);
    expect(decodeOutcome(deep)).toBe('too-large');
    expect(decodeOutcome(deep.subarray(0, 1000))).toBe('too-deep');
    const longString = new Uint8Array([
      0x03,
      0x01,
      0x6a,
      0x00,
      0x4b,
      0x03,
      ...new Array(60_000).fill(0x41),
    ]);
    expect(decodeOutcome(longString)).toBe('truncated');
  });
});
