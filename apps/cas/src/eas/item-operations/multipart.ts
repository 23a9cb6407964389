/**
 * The multipart response of ItemOperations (MS-ASCMD 2.2.2.10.1, asked for with the
 * MS-ASAcceptMultiPart header or the AcceptMultiPart query option): a count of parts, each
 * part's offset and length, then the parts; the first part is the WBXML response, whose Part
 * elements give the index of the part holding each Data. Integers are 32-bit little-endian.
 */
export const MULTIPART_CONTENT_TYPE = 'application/vnd.ms-sync.multipart';

/** Collects the data parts while the response is built; part 0 is the response itself. */
export class MultipartParts {
  private readonly parts: Uint8Array[] = [];

  /** Adds a part and returns the index its Part element names. */
  add(bytes: Uint8Array): number {
    this.parts.push(bytes);
    return this.parts.length;
  }

  encode(response: Uint8Array): Buffer {
    const parts = [response, ...this.parts];
    const header = Buffer.alloc(4 + parts.length * 8);
    header.writeInt32LE(parts.length, 0);
    let offset = header.length;
    parts.forEach((part, i) => {
      header.writeInt32LE(offset, 4 + i * 8);
      header.writeInt32LE(part.length, 8 + i * 8);
      offset += part.length;
    });
    return Buffer.concat([header, ...parts]);
  }
}

/** Reads a multipart body back into its parts (the test device and the spec's own checks). */
export function decodeMultipart(body: Buffer): Buffer[] {
  if (body.length < 4) throw new Error('a multipart body starts with its part count');
  const count = body.readInt32LE(0);
  if (count < 1 || 4 + count * 8 > body.length) throw new Error('bad multipart part count');
  return Array.from({ length: count }, (_, i) => {
    const offset = body.readInt32LE(4 + i * 8);
    const length = body.readInt32LE(8 + i * 8);
    if (offset < 0 || length < 0 || offset + length > body.length)
      throw new Error(`multipart part ${i} lies outside the body`);
    return body.subarray(offset, offset + length);
  });
}
