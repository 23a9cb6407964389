import { X509Certificate } from 'node:crypto';
import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CERTIFICATES_PER_USER,
  GalCertificatesGet,
  GalCertificatesRequest,
  MailboxCertificateAdd,
  MailboxCertificateAddRequest,
  MailboxCertificateRemove,
  MailboxCertificateRemoveRequest,
} from '@mail/contracts';
import { BusError, parsePayload } from '@mail/runtime';
import { CertificateRepository } from './persistence/certificate.repository';

/** Users' S/MIME certificates: published by administrators, read by CAS for ResolveRecipients. */
@Controller()
export class SmimeController {
  constructor(private readonly certificates: CertificateRepository) {}

  @MessagePattern(MailboxCertificateAdd.subject)
  async add(payload: unknown) {
    const { address, certificate } = parsePayload(MailboxCertificateAddRequest, payload);
    const der = Buffer.from(certificate, 'base64');
    try {
      new X509Certificate(der);
    } catch {
      throw new BusError('bad-request', 'certificate: not a readable X.509 certificate');
    }
    const count = await this.certificates.add(address, der, CERTIFICATES_PER_USER);
    if (count === null) throw new BusError('not-found', `no mailbox has the address ${address}`);
    return { address, certificates: count };
  }

  @MessagePattern(MailboxCertificateRemove.subject)
  async remove(payload: unknown) {
    const { address } = parsePayload(MailboxCertificateRemoveRequest, payload);
    const removed = await this.certificates.removeAll(address);
    if (removed === 0) throw new BusError('not-found', `${address} has no certificate`);
    return { removed };
  }

  @MessagePattern(GalCertificatesGet.subject)
  async gal(payload: unknown) {
    const { addresses } = parsePayload(GalCertificatesRequest, payload);
    return { certificates: await this.certificates.certificates(addresses) };
  }
}
