import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';
import { CERTIFICATE_STATUS, checkCertificate } from './certificate-check';

const DAY = 86_400_000;
const now = Date.now();
type Issuer = { key: string; cert: string };

async function certificate(
  cn: string,
  options: {
    ca?: boolean;
    issuer?: Issuer;
    from?: number;
    to?: number;
    usage?: 'email' | 'server';
  },
) {
  const made = await generate([{ name: 'commonName', value: cn }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(options.from ?? now - DAY),
    notAfterDate: new Date(options.to ?? now + 30 * DAY),
    extensions: options.ca
      ? [
          { name: 'basicConstraints', cA: true },
          { name: 'keyUsage', keyCertSign: true },
        ]
      : [
          { name: 'basicConstraints', cA: false },
          options.usage === 'server'
            ? { name: 'extKeyUsage', serverAuth: true }
            : { name: 'extKeyUsage', emailProtection: true },
        ],
    ...(options.issuer ? { ca: options.issuer } : {}),
  });
  return { x509: new X509Certificate(made.cert), issuer: { key: made.private, cert: made.cert } };
}

describe('ValidateCert certificate checks', () => {
  let root: Awaited<ReturnType<typeof certificate>>;
  let intermediate: Awaited<ReturnType<typeof certificate>>;

  beforeAll(async () => {
    root = await certificate('Root CA', { ca: true });
    intermediate = await certificate('Issuing CA', { ca: true, issuer: root.issuer });
  });

  it('trusts a chain through an intermediate the device sent, to an anchor', async () => {
    const leaf = await certificate('Pat', { issuer: intermediate.issuer });
    expect(checkCertificate(leaf.x509, [intermediate.x509], [root.x509], now)).toBe(
      CERTIFICATE_STATUS.valid,
    );
    expect(checkCertificate(leaf.x509, [], [root.x509], now)).toBe(
      CERTIFICATE_STATUS.untrustedSource,
    );
    expect(checkCertificate(root.x509, [], [root.x509], now)).toBe(CERTIFICATE_STATUS.valid);
  });

  it('refuses expired certificates, bad signatures and certificates not for mail', async () => {
    const expired = await certificate('Old', {
      issuer: root.issuer,
      from: now - 10 * DAY,
      to: now - DAY,
    });
    expect(checkCertificate(expired.x509, [], [root.x509], now)).toBe(CERTIFICATE_STATUS.expired);
    // Same issuer name, another key: the name matches, the signature does not.
    const impostor = await certificate('Root CA', { ca: true });
    const forged = await certificate('Mallory', { issuer: impostor.issuer });
    expect(checkCertificate(forged.x509, [], [root.x509], now)).toBe(
      CERTIFICATE_STATUS.badSignature,
    );
    const server = await certificate('www', { issuer: root.issuer, usage: 'server' });
    expect(checkCertificate(server.x509, [], [root.x509], now)).toBe(
      CERTIFICATE_STATUS.notForEmail,
    );
  });
});
