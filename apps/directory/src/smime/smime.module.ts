import { Module } from '@nestjs/common';
import { directoryRepository } from '../directory-core.module';
import { CertificateRepository } from './persistence/certificate.repository';
import { SmimeController } from './smime.controller';

/** Mailbox users' published S/MIME certificates (userSMIMECertificate). */
@Module({
  controllers: [SmimeController],
  providers: [directoryRepository(CertificateRepository)],
})
export class SmimeModule {}
