/**
 * Users' S/MIME certificates (Exchange's userSMIMECertificate), set by an administrator and
 * handed to devices by ResolveRecipients (CertificateRetrieval), DER base64.
 */
import { z } from 'zod';
import { request } from '../bus/subject';
import { PHOTOS_MAX_ADDRESSES } from './photos';
import { SmtpAddress } from './values';

export const CERTIFICATE_MAX_BYTES = 16 * 1024;
/** Certificates one user may publish: a few, for renewals and several devices. */
export const CERTIFICATES_PER_USER = 10;

const Der = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64')
  .refine(
    (text) => Buffer.byteLength(text, 'base64') <= CERTIFICATE_MAX_BYTES,
    `must be at most ${CERTIFICATE_MAX_BYTES} bytes`,
  )
  // A DER certificate is one SEQUENCE: 0x30 and a long-form length.
  .refine((text) => Buffer.from(text, 'base64')[0] === 0x30, 'must be a DER certificate');

export const MailboxCertificateAddRequest = z.object({ address: SmtpAddress, certificate: Der });
export const MailboxCertificateRemoveRequest = z.object({ address: SmtpAddress });
export const GalCertificatesRequest = z.object({
  addresses: z.array(SmtpAddress).min(1).max(PHOTOS_MAX_ADDRESSES),
});
export interface GalCertificates {
  /** The address asked for, lower case. */
  address: string;
  certificates: string[];
}

export const MailboxCertificateAdd = request<
  z.input<typeof MailboxCertificateAddRequest>,
  { address: string; certificates: number }
>('directory', 'mailbox-certificate', 'add');
export const MailboxCertificateRemove = request<
  z.input<typeof MailboxCertificateRemoveRequest>,
  { removed: number }
>('directory', 'mailbox-certificate', 'remove');
/** The S/MIME certificates of those of the addresses that name a mailbox user with some. */
export const GalCertificatesGet = request<
  z.input<typeof GalCertificatesRequest>,
  { certificates: GalCertificates[] }
>('directory', 'gal', 'certificates');
