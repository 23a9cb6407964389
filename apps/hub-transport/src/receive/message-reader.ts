/**
 * Reads a message from the DATA stream, bounded: past the size limit the rest is read and
 * dropped (the client is then told 552), and every line is measured against RFC 5322's limit
 * as it passes, across chunk boundaries.
 */
import type { Readable } from 'node:stream';
import { TRANSPORT_LIMITS } from '../limits';

export interface ReadMessage {
  mime: Buffer;
  size: number;
  tooLarge: boolean;
  longLine: boolean;
}

const LF = 0x0a;
const CR = 0x0d;

export function readMessage(
  stream: Readable,
  maxBytes: number,
  maxLineBytes: number = TRANSPORT_LIMITS.maxTextLineBytes,
): Promise<ReadMessage> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let line = 0;
    let lastByte = -1;
    let longLine = false;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      if (longLine) return;
      let from = 0;
      for (let lf = chunk.indexOf(LF); lf >= 0; lf = chunk.indexOf(LF, from)) {
        const before = lf > 0 ? chunk[lf - 1] : lastByte;
        const length = line + (lf - from) - (before === CR ? 1 : 0);
        if (length > maxLineBytes) longLine = true;
        line = 0;
        from = lf + 1;
      }
      line += chunk.length - from;
      // A line still open may end with CR before the LF of the next chunk: allow for it.
      if (line - 1 > maxLineBytes) longLine = true;
      lastByte = chunk[chunk.length - 1];
    });
    stream.once('error', reject);
    stream.once('end', () =>
      resolve({
        mime: size <= maxBytes ? Buffer.concat(chunks, size) : Buffer.alloc(0),
        size,
        tooLarge: size > maxBytes,
        longLine: longLine || line - (lastByte === CR ? 1 : 0) > maxLineBytes,
      }),
    );
  });
}
