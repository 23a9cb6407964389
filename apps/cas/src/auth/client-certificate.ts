/**
 * What CAS reads from a verified client certificate to ask the directory who it names
 * (`directory.certificate.map`): the subject in the order the certificate lists it,
 * comma-separated (`CN=Pat Lee,O=Contoso,C=US`), the SAN UPN and the SAN email addresses.
 * Only certificates the TLS layer verified against TLS_CLIENT_CA get here.
 */
import type { X509Certificate } from 'node:crypto';

export interface CertificateIdentity {
  subject: string;
  sanUpn?: string;
  sanEmails: string[];
  /** SHA-256 fingerprint: the key CAS remembers a mapping under. */
  fingerprint: string;
}

const MAX_SAN_EMAILS = 20;

export function certificateIdentity(certificate: X509Certificate): CertificateIdentity {
  const subject = certificate.subject.split('\n').filter(Boolean).join(',');
  const san = certificate.subjectAltName ?? '';
  const values = (prefix: string) =>
    san
      .split(/,\s*/)
      .filter((entry) => entry.startsWith(prefix))
      .map((entry) => entry.slice(prefix.length).trim().toLowerCase())
      .filter(Boolean);
  return {
    subject,
    sanUpn: values('othername:UPN:')[0],
    sanEmails: values('email:').slice(0, MAX_SAN_EMAILS),
    fingerprint: certificate.fingerprint256,
  };
}
