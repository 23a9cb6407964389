/**
 * Reads a request body within a bound, refusing it as soon as the bound is passed: a declared
 * Content-Length over the bound is refused before a byte is read, and a body without one is
 * refused at the first chunk that goes over. Nothing beyond the bound is ever buffered.
 */
import type { Readable } from 'node:stream';
import { EasError } from './errors';

export function readBody(
  stream: Readable,
  contentLength: string | undefined,
  limit: number,
): Promise<Buffer> {
  const tooLarge = () => new EasError('body-too-large', `the body is larger than ${limit} bytes`);
  const declared = contentLength === undefined ? undefined : Number(contentLength);
  if (declared !== undefined && (!Number.isSafeInteger(declared) || declared > limit))
    return Promise.reject(tooLarge());
  if (stream.readableEnded) return Promise.resolve(Buffer.alloc(0));
  // Events rather than an async iterator: most bodies are one small chunk.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const done = (error?: Error) => {
      stream.off('data', data);
      stream.off('end', end);
      stream.off('error', done);
      stream.off('close', closed);
      if (error) {
        stream.pause();
        reject(error);
      } else resolve(Buffer.concat(chunks, total));
    };
    const data = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) return done(tooLarge());
      chunks.push(chunk);
    };
    const end = () => done();
    const closed = () => done(new EasError('malformed-body', 'the device closed the request'));
    stream.on('data', data);
    stream.once('end', end);
    stream.once('error', done);
    stream.once('close', closed);
  });
}
