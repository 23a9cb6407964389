/** The ValidateCert trust anchors: EAS_TRUST_ANCHORS (validated at start), or none. */
import type { X509Certificate } from 'node:crypto';
import { readPemCertificates, type Config } from '@mail/runtime';

export function loadTrustAnchors(config: Pick<Config, 'easTrustAnchorsFile'>): X509Certificate[] {
  return config.easTrustAnchorsFile ? readPemCertificates(config.easTrustAnchorsFile) : [];
}
