/**
 * Pictures in GAL answers (14.1+; Search, Find and ResolveRecipients Picture): which entries
 * get their photo, within the device's MaxSize (bytes of one photo) and MaxPictures (photos in
 * one answer). The status of each entry's Picture (MS-ASCMD 2.2.3.177.13, .12, .2): 1 the photo
 * is there, 173 the user has none, 174 it is larger than MaxSize, 175 MaxPictures reached.
 */
import { GalPhotos } from '@mail/contracts';
import type { WbxmlElement } from '@mail/wbxml';
import { children, childText, EasProtocolError, type EasContext } from '../command';

export const PICTURE_STATUS = { success: 1, noPhoto: 173, tooLarge: 174, tooMany: 175 } as const;

export interface PictureOptions {
  maxSize?: number;
  maxPictures?: number;
}
export interface Picture {
  status: number;
  /** Base64 JPEG or PNG, with status 1. */
  data?: string;
}

function bound(parent: WbxmlElement, tag: string): number | undefined {
  const text = childText(parent, tag);
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text.trim())) throw new EasProtocolError(`${tag} must be a number`);
  return Number(text.trim());
}

/** The Picture child of a request's Options, if the device asked for pictures. */
export function parsePictureOptions(options: WbxmlElement | undefined): PictureOptions | undefined {
  const picture = options && children(options).find((c) => c.tag === 'Picture');
  if (!picture) return undefined;
  return { maxSize: bound(picture, 'MaxSize'), maxPictures: bound(picture, 'MaxPictures') };
}

/** One Picture per address, in order; photos of users only (groups and contacts have none). */
export async function picturesFor(
  context: EasContext,
  addresses: readonly string[],
  options: PictureOptions,
): Promise<Picture[]> {
  if (addresses.length === 0) return [];
  const { photos } = await context.bus.request(GalPhotos, {
    addresses: [...new Set(addresses.map((a) => a.toLowerCase()))],
  });
  const byAddress = new Map(photos.map((p) => [p.address, p.photo]));
  let given = 0;
  return addresses.map((address) => {
    const photo = byAddress.get(address.toLowerCase());
    if (!photo) return { status: PICTURE_STATUS.noPhoto };
    if (options.maxSize !== undefined && Buffer.byteLength(photo, 'base64') > options.maxSize)
      return { status: PICTURE_STATUS.tooLarge };
    if (options.maxPictures !== undefined && given >= options.maxPictures)
      return { status: PICTURE_STATUS.tooMany };
    given++;
    return { status: PICTURE_STATUS.success, data: photo };
  });
}
