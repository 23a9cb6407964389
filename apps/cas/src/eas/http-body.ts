/**
 * Reads a request body within a bound, refusing it as soon as the bound is passed: a declared
 * Content-Length over the bound is refused before a byte is read, and a body without one is
 * refused at the first chunk that goes over. Nothing beyond the bound is ever buffered.
 */
import type { Readable } from 'node:stream';
import { EasError } from './errors';

export async function readBody(
  stream: Readable,
  contentLength: string | undefined,
  limit: number,
): Promise<Buffer> {
  const declared = contentLength === undefined ? undefined : Number(contentLength);
  if (declared !== undefined && (!Number.isSafeInteger(declared) || declared > limit))
    throw new EasError('body-too-large', `the body is larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > limit)
      throw new EasError('body-too-large', `the body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, total);
}
