import { MultipartParts, decodeMultipart } from './multipart';

describe('ItemOperations multipart bodies', () => {
  it('lays out the count, each offset and length, then the parts (little-endian)', () => {
    const parts = new MultipartParts();
    expect(parts.add(Buffer.from('abc'))).toBe(1);
    expect(parts.add(Buffer.from('de'))).toBe(2);
    const body = parts.encode(Buffer.from('WBXML'));
    expect(body.readInt32LE(0)).toBe(3);
    expect([body.readInt32LE(4), body.readInt32LE(8)]).toEqual([28, 5]);
    expect([body.readInt32LE(12), body.readInt32LE(16)]).toEqual([33, 3]);
    expect([body.readInt32LE(20), body.readInt32LE(24)]).toEqual([36, 2]);
    expect(decodeMultipart(body).map((p) => p.toString())).toEqual(['WBXML', 'abc', 'de']);
  });

  it('refuses a body whose table points outside it', () => {
    const body = new MultipartParts().encode(Buffer.from('x'));
    body.writeInt32LE(100, 8);
    expect(() => decodeMultipart(body)).toThrow(/outside/);
    expect(() => decodeMultipart(Buffer.alloc(2))).toThrow();
  });
});
