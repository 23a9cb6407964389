/** A minimal HTTPS client for end-to-end tests: real TLS, the server's certificate as trust anchor. */
import { request, type Agent } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';

export interface HttpsAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** SHA-256 fingerprint of the certificate the server presented. */
  certificateFingerprint: string;
}

export function httpsRequest(options: {
  port: number;
  /** The address to connect to; 127.0.0.1 unless given. */
  host?: string;
  method: string;
  path: string;
  ca: string;
  user?: string;
  password?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** A client certificate and its key (PEM). */
  clientCertificate?: { cert: string; key: string };
  /** Connections to reuse (keep-alive); a new connection per request when absent. */
  agent?: Agent;
}): Promise<HttpsAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.user !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${options.user}:${options.password ?? ''}`).toString('base64')}`;
  }
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      {
        host: options.host ?? '127.0.0.1',
        servername: 'localhost',
        port: options.port,
        method: options.method,
        path: options.path,
        ca: options.ca,
        headers,
        agent: options.agent ?? false,
        ...options.clientCertificate,
      },
      (res) => {
        answered = true;
        // Read now: a kept-alive socket is handed back to its agent by the end.
        const certificateFingerprint = (
          res.socket as import('node:tls').TLSSocket
        ).getPeerCertificate().fingerprint256;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            certificateFingerprint,
          }),
        );
        res.on('error', reject);
      },
    );
    // A server that answers before reading a refused body may reset the upload: the answer
    // already received is what counts.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(options.body);
  });
}
