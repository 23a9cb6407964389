import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  GalPhotos,
  GalPhotosRequest,
  MailboxPhotoRemove,
  MailboxPhotoRemoveRequest,
  MailboxPhotoSet,
  MailboxPhotoSetRequest,
} from '@mail/contracts';
import { BusError, parsePayload } from '@mail/runtime';
import { PhotoRepository } from './persistence/photo.repository';

/** Mailbox photos: set and removed by administrators, read for the GAL by CAS. */
@Controller()
export class PhotosController {
  constructor(private readonly photos: PhotoRepository) {}

  @MessagePattern(MailboxPhotoSet.subject)
  async set(payload: unknown) {
    const { address, photo } = parsePayload(MailboxPhotoSetRequest, payload);
    const bytes = Buffer.from(photo, 'base64');
    if (!(await this.photos.set(address, bytes)))
      throw new BusError('not-found', `no mailbox has the address ${address}`);
    return { address, bytes: bytes.length };
  }

  @MessagePattern(MailboxPhotoRemove.subject)
  async remove(payload: unknown) {
    const { address } = parsePayload(MailboxPhotoRemoveRequest, payload);
    if (!(await this.photos.remove(address)))
      throw new BusError('not-found', `${address} has no photo`);
    return { removed: address };
  }

  @MessagePattern(GalPhotos.subject)
  async gal(payload: unknown) {
    const { addresses } = parsePayload(GalPhotosRequest, payload);
    return { photos: await this.photos.photos(addresses) };
  }
}
