/**
 * Whether an S/MIME certificate is one the organization trusts (EAS ValidateCert): a chain of
 * valid signatures from it, through the intermediates the device sent, to a configured trust
 * anchor (EAS_TRUST_ANCHORS), every certificate inside its validity period, and the leaf usable
 * for mail. Revocation is not checked (CheckCrl is ignored; revocation checking is off). The
 * result is a ValidateCert Certificate Status (MS-ASCMD 2.2.3.177.18).
 */
import type { X509Certificate } from 'node:crypto';

export const CERTIFICATE_STATUS = {
  valid: 1,
  badSignature: 3,
  untrustedSource: 4,
  chainIncomplete: 5,
  notForEmail: 6,
  expired: 7,
} as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUS)[keyof typeof CERTIFICATE_STATUS];

/** No real chain is longer; it also bounds the work a device's list can cause. */
const MAX_CHAIN = 10;
/** Extended key usages that allow S/MIME: emailProtection, anyExtendedKeyUsage. */
const EMAIL_USAGES = ['1.3.6.1.5.5.7.3.4', '2.5.29.37.0'];

const inPeriod = (cert: X509Certificate, now: number) =>
  Date.parse(cert.validFrom) <= now && now <= Date.parse(cert.validTo);

const signedBy = (cert: X509Certificate, issuer: X509Certificate) =>
  cert.checkIssued(issuer) && cert.verify(issuer.publicKey);

export function checkCertificate(
  leaf: X509Certificate,
  intermediates: readonly X509Certificate[],
  anchors: readonly X509Certificate[],
  now: number,
): CertificateStatus {
  const usages = leaf.keyUsage;
  if (usages && !usages.some((u) => EMAIL_USAGES.includes(u)))
    return CERTIFICATE_STATUS.notForEmail;
  let current = leaf;
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    if (!inPeriod(current, now)) return CERTIFICATE_STATUS.expired;
    if (anchors.some((anchor) => anchor.raw.equals(current.raw))) return CERTIFICATE_STATUS.valid;
    const anchor = anchors.find((a) => signedBy(current, a));
    if (anchor)
      return inPeriod(anchor, now) ? CERTIFICATE_STATUS.valid : CERTIFICATE_STATUS.expired;
    // Self-signed and not an anchor, or issued by a CA we were not given: not trusted.
    if (current.checkIssued(current)) return CERTIFICATE_STATUS.untrustedSource;
    const named = [...anchors, ...intermediates].filter((c) => current.checkIssued(c));
    if (named.length === 0) return CERTIFICATE_STATUS.untrustedSource;
    const issuer = named.find((c) => current.verify(c.publicKey));
    if (!issuer) return CERTIFICATE_STATUS.badSignature;
    current = issuer;
  }
  // Longer than any real chain, or a loop of cross-signed certificates.
  return CERTIFICATE_STATUS.chainIncomplete;
}
