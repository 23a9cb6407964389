/**
 * Certificates for ResolveRecipients (CertificateRetrieval 2 or 3): the S/MIME certificates the
 * directory publishes for each GAL user, within the request's MaxCertificates over the whole
 * answer. Per recipient (MS-ASCMD 2.2.3.177.12): 1 with its certificates, 7 none published,
 * 8 the answer's limit was reached before them. Mini certificates (3) are answered with the
 * full ones: the directory keeps no other form.
 */
import { GalCertificatesGet, PHOTOS_MAX_ADDRESSES } from '@mail/contracts';
import type { EasContext } from '../command';

export const CERTIFICATES_STATUS = { success: 1, none: 7, limitReached: 8 } as const;

export interface RecipientCertificates {
  status: number;
  certificates: string[];
}

export async function certificatesFor(
  context: EasContext,
  addresses: readonly (string | null)[],
  maxCertificates: number,
): Promise<RecipientCertificates[]> {
  const wanted = [...new Set(addresses.filter((a): a is string => a !== null))].map((a) =>
    a.toLowerCase(),
  );
  const published = new Map<string, string[]>();
  for (let i = 0; i < wanted.length; i += PHOTOS_MAX_ADDRESSES) {
    const { certificates } = await context.bus.request(GalCertificatesGet, {
      addresses: wanted.slice(i, i + PHOTOS_MAX_ADDRESSES),
    });
    for (const entry of certificates) published.set(entry.address, entry.certificates);
  }
  let given = 0;
  return addresses.map((address) => {
    const certificates = (address && published.get(address.toLowerCase())) || [];
    if (certificates.length === 0) return { status: CERTIFICATES_STATUS.none, certificates: [] };
    if (given + certificates.length > maxCertificates)
      return { status: CERTIFICATES_STATUS.limitReached, certificates: [] };
    given += certificates.length;
    return { status: CERTIFICATES_STATUS.success, certificates };
  });
}
