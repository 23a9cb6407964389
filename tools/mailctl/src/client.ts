/**
 * mailctl's connection to the admin API: HTTPS with the server's certificate verified against
 * the system's trust store, a CA file (--ca), or not at all when the operator says so
 * (--insecure), which mailctl then states on every run.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';

export interface Connection {
  server: string;
  user: string;
  password: string;
  insecure: boolean;
  caFile?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class ConnectionError extends Error {}

const MAX_RESPONSE = 64 * 1024 * 1024;

export async function call(
  connection: Connection,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const url = new URL(`/api${path}`, connection.server);
  if (url.protocol !== 'https:')
    throw new ConnectionError(`the server must be an https:// URL (got ${connection.server})`);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const ca = connection.caFile ? readFileSync(connection.caFile) : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca,
        rejectUnauthorized: !connection.insecure,
        auth: `${connection.user}:${connection.password}`,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': payload.length }
          : {},
        timeout: 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE)
            req.destroy(new ConnectionError('the server sent more than 64 MB'));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = undefined;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = { error: 'bad-response', message: text.slice(0, 200) };
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve(parsed);
          const error = (parsed ?? {}) as { error?: string; message?: string };
          reject(
            new ApiError(
              status,
              error.error ?? `http-${status}`,
              error.message ?? `the server answered ${status}`,
            ),
          );
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new ConnectionError('the server did not answer within 60 s')),
    );
    req.on('error', (error: Error & { code?: string }) =>
      reject(
        error instanceof ConnectionError
          ? error
          : new ConnectionError(
              /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(error.code ?? '')
                ? `cannot verify the server's certificate (${error.code}): pass --ca FILE with the server's certificate, or --insecure to skip verification`
                : `cannot reach ${connection.server}: ${error.message}`,
            ),
      ),
    );
    req.end(payload);
  });
}
