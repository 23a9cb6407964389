import { decodeFileReference, encodeFileReference } from './file-reference';

const ITEM = '0f8e3c2a-1b4d-4e6f-8a9b-0c1d2e3f4a5b';

describe('FileReference', () => {
  it('round-trips an attachment reference and stays stable', () => {
    const ref = encodeFileReference(`${ITEM}:3`);
    expect(ref).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(encodeFileReference(`${ITEM}:3`)).toBe(ref);
    expect(ref).not.toContain(ITEM);
    expect(decodeFileReference(ref)).toEqual({ itemId: ITEM, ordinal: 3, reference: `${ITEM}:3` });
  });

  it('refuses what it did not make', () => {
    for (const bad of [
      '',
      '../../etc/passwd',
      `${ITEM}:3`,
      'A'.repeat(23),
      'A'.repeat(25),
      '//////////////////////8==',
    ])
      expect(decodeFileReference(bad)).toBeNull();
    // An ordinal past what the mailbox numbers.
    expect(decodeFileReference(Buffer.alloc(18, 0xff).toString('base64url'))).toBeNull();
  });
});
