import { Readable } from 'node:stream';
import { readBody } from './http-body';

describe('readBody', () => {
  it('reads a body within the bound', async () => {
    expect(
      (await readBody(Readable.from([Buffer.from('ab'), Buffer.from('c')]), '3', 10)).toString(),
    ).toBe('abc');
    expect((await readBody(Readable.from([]), undefined, 10)).length).toBe(0);
  });

  it('refuses a declared length over the bound without reading, and a body that goes over', async () => {
    let read = false;
    const untouched = new Readable({ read: () => void (read = true) });
    await expect(readBody(untouched, String(50 << 20), 1024)).rejects.toMatchObject({
      code: 'body-too-large',
    });
    expect(read).toBe(false);
    await expect(
      readBody(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), undefined, 1024),
    ).rejects.toMatchObject({
      code: 'body-too-large',
    });
    await expect(readBody(Readable.from([]), 'twelve', 1024)).rejects.toMatchObject({
      code: 'body-too-large',
    });
  });
});
