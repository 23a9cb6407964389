import { GalPhotosRequest, MailboxPhotoSetRequest, PHOTO_MAX_BYTES } from './photos';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);

describe('photo contracts', () => {
  it('takes JPEG or PNG up to 100 KB, base64', () => {
    const address = 'robin@contoso.com';
    for (const image of [PNG, JPEG])
      expect(
        MailboxPhotoSetRequest.safeParse({ address, photo: image.toString('base64') }).success,
      ).toBe(true);
    const refused = (photo: string) =>
      !MailboxPhotoSetRequest.safeParse({ address, photo }).success;
    expect(refused(Buffer.from('GIF89a...').toString('base64'))).toBe(true);
    expect(refused('not base64!')).toBe(true);
    const large = Buffer.concat([PNG, Buffer.alloc(PHOTO_MAX_BYTES)]);
    expect(refused(large.toString('base64'))).toBe(true);
  });

  it('asks for at most one page of photos', () => {
    expect(GalPhotosRequest.safeParse({ addresses: ['a@contoso.com'] }).success).toBe(true);
    expect(GalPhotosRequest.safeParse({ addresses: [] }).success).toBe(false);
    expect(
      GalPhotosRequest.safeParse({ addresses: Array(101).fill('a@contoso.com') }).success,
    ).toBe(false);
  });
});
