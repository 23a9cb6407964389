/**
 * Mailbox users' photos (Exchange's thumbnailPhoto): set by an administrator, shown in the GAL
 * to devices (EAS Search, Find and ResolveRecipients Picture, 14.1+). Photos travel base64.
 */
import { z } from 'zod';
import { request } from '../bus/subject';
import { SmtpAddress } from './values';

/** Active Directory's limit on thumbnailPhoto. */
export const PHOTO_MAX_BYTES = 100 * 1024;
/** Photos asked for at once: one page of GAL results. */
export const PHOTOS_MAX_ADDRESSES = 100;

const Photo = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64')
  .refine(
    (text) => Buffer.byteLength(text, 'base64') <= PHOTO_MAX_BYTES,
    `must be at most ${PHOTO_MAX_BYTES} bytes`,
  )
  .refine((text) => isImage(Buffer.from(text, 'base64')), 'must be a JPEG or PNG image');

/** JPEG or PNG by their magic numbers: what every device can show. */
function isImage(bytes: Buffer): boolean {
  const jpeg = bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes
    .subarray(0, 8)
    .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return jpeg || png;
}

export const MailboxPhotoSetRequest = z.object({ address: SmtpAddress, photo: Photo });
export const MailboxPhotoRemoveRequest = z.object({ address: SmtpAddress });
export const GalPhotosRequest = z.object({
  addresses: z.array(SmtpAddress).min(1).max(PHOTOS_MAX_ADDRESSES),
});
export interface GalPhoto {
  /** The address asked for, lower case. */
  address: string;
  photo: string;
}

export const MailboxPhotoSet = request<
  z.input<typeof MailboxPhotoSetRequest>,
  { address: string; bytes: number }
>('directory', 'mailbox-photo', 'set');
export const MailboxPhotoRemove = request<
  z.input<typeof MailboxPhotoRemoveRequest>,
  { removed: string }
>('directory', 'mailbox-photo', 'remove');
/** The photos of those of the addresses that name a mailbox user with one. */
export const GalPhotos = request<z.input<typeof GalPhotosRequest>, { photos: GalPhoto[] }>(
  'directory',
  'gal',
  'photos',
);
