/**
 * ValidateCert (MS-ASCMD 2.2.1.22): checks the S/MIME certificates a device is about to use
 * against the organization's trust anchors (validate-cert/certificate-check.ts). Top-level
 * Status (2.2.3.177.18): 1 checked (each Certificate carries its own status), 2 protocol error
 * (including a certificate that is not DER), 17 server error. CheckCrl is read and ignored:
 * revocation checking is off.
 */
import { X509Certificate } from 'node:crypto';
import { el, type WbxmlElement } from '@mail/wbxml';
import {
  children,
  EasProtocolError,
  expectRoot,
  type EasCommand,
  type EasContext,
} from '../command';
import { versionsFrom } from '../protocol';
import { checkCertificate, type CertificateStatus } from '../validate-cert/certificate-check';

const NS = 'ValidateCert';

/** Certificates of one request: a device checks a message's few recipients or signers. */
const MAX_CERTIFICATES = 100;
/** A certificate is a few kilobytes; this bounds each before it is parsed. */
const MAX_CERTIFICATE_BYTES = 64 * 1024;

export interface ValidateCertRequest {
  certificates: X509Certificate[];
  chain: X509Certificate[];
}

function certificatesOf(parent: WbxmlElement | undefined): X509Certificate[] {
  const list = parent ? children(parent).filter((c) => c.tag === 'Certificate') : [];
  if (list.length > MAX_CERTIFICATES)
    throw new EasProtocolError(`at most ${MAX_CERTIFICATES} certificates`);
  return list.map((element) => {
    // Opaque data or base64 text: both forms are DER bytes.
    const content = element.content;
    const der =
      content instanceof Uint8Array
        ? Buffer.from(content)
        : typeof content === 'string'
          ? Buffer.from(content.replace(/\s+/g, ''), 'base64')
          : Buffer.alloc(0);
    if (der.length === 0 || der.length > MAX_CERTIFICATE_BYTES)
      throw new EasProtocolError('a Certificate must hold one DER certificate');
    try {
      return new X509Certificate(der);
    } catch {
      throw new EasProtocolError('a Certificate is not a readable X.509 certificate');
    }
  });
}

function parse(body: WbxmlElement | Buffer | null): ValidateCertRequest {
  const root = expectRoot(body, NS, 'ValidateCert');
  const part = (tag: string) => children(root).find((c) => c.tag === tag);
  const certificates = certificatesOf(part('Certificates'));
  if (certificates.length === 0) throw new EasProtocolError('Certificates needs a Certificate');
  return { certificates, chain: certificatesOf(part('CertificateChain')) };
}

async function handle(
  request: ValidateCertRequest,
  context: EasContext,
): Promise<CertificateStatus[]> {
  const { trustAnchors, now } = context.services;
  return request.certificates.map((cert) =>
    checkCertificate(cert, request.chain, trustAnchors, now()),
  );
}

export const validateCert: EasCommand<ValidateCertRequest, CertificateStatus[]> = {
  name: 'ValidateCert',
  versions: versionsFrom('12.0'),
  requiresPolicyKey: true,
  allowedWhenQuarantined: false,
  body: 'wbxml',
  maxBodyBytes: 2 * MAX_CERTIFICATES * MAX_CERTIFICATE_BYTES,
  root: { ns: NS, tag: 'ValidateCert' },
  protocolErrorStatus: 2,
  serverErrorStatus: 17,
  parse,
  handle,
  write: (statuses) =>
    el(NS, 'ValidateCert', [
      el(NS, 'Status', '1'),
      ...statuses.map((status) => el(NS, 'Certificate', [el(NS, 'Status', String(status))])),
    ]),
};
