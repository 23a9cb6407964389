import { GalPhotosRequest, MailboxPhotoSetRequest, PHOTO_MAX_BYTES } from './photos';
import { CERTIFICATE_MAX_BYTES, MailboxCertificateAddRequest } from './smime-certificates';

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

describe('S/MIME certificate contracts', () => {
  it('takes one DER certificate up to 16 KB', () => {
    const address = 'robin@contoso.com';
    const der = Buffer.from([0x30, 0x82, 0x01, 0x0a, 0, 0]).toString('base64');
    expect(MailboxCertificateAddRequest.safeParse({ address, certificate: der }).success).toBe(
      true,
    );
    const pem = Buffer.from('-----BEGIN CERTIFICATE-----').toString('base64');
    expect(MailboxCertificateAddRequest.safeParse({ address, certificate: pem }).success).toBe(
      false,
    );
    const large = Buffer.concat([Buffer.from([0x30]), Buffer.alloc(CERTIFICATE_MAX_BYTES)]);
    expect(
      MailboxCertificateAddRequest.safeParse({ address, certificate: large.toString('base64') })
        .success,
    ).toBe(false);
  });
});
