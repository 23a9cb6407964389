/**
 * The server certificate: the operator's (TLS_CERT/TLS_KEY) or, on first start, a self-signed
 * one generated into DATA_DIR and reused afterwards, so devices that accepted it once keep
 * trusting the same certificate across restarts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface ServerCertificate {
  cert: string;
  key: string;
  /** Where it came from, for the start-up log line. */
  source: 'configured' | 'generated' | 'reused';
  certFile: string;
}

export async function loadServerCertificate(options: {
  dataDir: string;
  orgDomain: string;
  configured?: { certFile: string; keyFile: string };
}): Promise<ServerCertificate> {
  if (options.configured) {
    const { certFile, keyFile } = options.configured;
    return {
      cert: readFileSync(certFile, 'utf8'),
      key: readFileSync(keyFile, 'utf8'),
      source: 'configured',
      certFile,
    };
  }
  const dir = join(options.dataDir, 'tls');
  const certFile = join(dir, 'server.crt');
  const keyFile = join(dir, 'server.key');
  if (existsSync(certFile) && existsSync(keyFile)) {
    return {
      cert: readFileSync(certFile, 'utf8'),
      key: readFileSync(keyFile, 'utf8'),
      source: 'reused',
      certFile,
    };
  }
  const host = hostname();
  const notBefore = new Date();
  const notAfter = new Date(notBefore);
  notAfter.setFullYear(notAfter.getFullYear() + 5);
  const pems = await generate([{ name: 'commonName', value: `mail.${options.orgDomain}` }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: `mail.${options.orgDomain}` },
          { type: 2, value: `autodiscover.${options.orgDomain}` },
          { type: 2, value: host },
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  writeFileSync(certFile, pems.cert, { mode: 0o644 });
  return { cert: pems.cert, key: pems.private, source: 'generated', certFile };
}
