/** jsonCopy gives what a JSON round trip gives, for every kind of value a payload can hold. */
import { jsonCopy } from './json-copy';

const roundTrip = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('jsonCopy', () => {
  const cases: Array<[string, unknown]> = [
    ['a string with escapes', 'tab\t"quote" \\ \u0000 \u2028 😀'],
    ['numbers', [0, -0, 1.5, -2e300, NaN, Infinity, -Infinity]],
    ['booleans and null', [true, false, null]],
    ['a date', new Date('2026-12-02T06:00:00.123Z')],
    ['a buffer', Buffer.from([0, 1, 255])],
    ['a typed array', new Uint8Array([7, 8])],
    [
      'undefined, functions and symbols',
      { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1, Symbol('t')] },
    ],
    ['boxed primitives', [new Number(3), new String('x'), new Boolean(false)]],
    ['a map and a set', { map: new Map([['k', 1]]), set: new Set([1]) }],
    [
      'toJSON with its key',
      { when: { toJSON: (key: string) => `key:${key}` }, list: [{ toJSON: (key: string) => key }] },
    ],
    ['a __proto__ key', JSON.parse('{"__proto__": {"polluted": true}, "x": 1}')],
    ['nesting', { a: [{ b: [[{ c: 'deep' }]] }], e: {} }],
    [
      'a class instance',
      new (class Point {
        constructor(
          public x = 1,
          public y = 2,
        ) {}
      })(),
    ],
  ];
  it.each(cases)('copies %s as JSON does', (_name, value) => {
    const copy = jsonCopy(value);
    expect(copy).toStrictEqual(roundTrip(value));
    expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
  });

  it('never shares an object or array with the original', () => {
    const original = { list: [{ id: 'a' }], nested: { n: 1 } };
    const copy = jsonCopy(original);
    copy.list[0].id = 'changed';
    copy.nested.n = 2;
    expect(original).toEqual({ list: [{ id: 'a' }], nested: { n: 1 } });
  });

  it('gives back undefined for undefined, and fails where JSON fails', () => {
    expect(jsonCopy(undefined)).toBeUndefined();
    expect(() => jsonCopy({ n: 1n })).toThrow(TypeError);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => jsonCopy(cycle)).toThrow(RangeError);
  });
});
