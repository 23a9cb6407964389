import { Module } from '@nestjs/common';
import { directoryRepository } from '../directory-core.module';
import { PhotoRepository } from './persistence/photo.repository';
import { PhotosController } from './photos.controller';

/** Mailbox users' photos (thumbnailPhoto) for the GAL. */
@Module({
  controllers: [PhotosController],
  providers: [directoryRepository(PhotoRepository)],
})
export class PhotosModule {}
