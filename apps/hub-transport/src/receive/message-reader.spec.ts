import { PassThrough } from 'node:stream';
import { readMessage } from './message-reader';

const feed = (chunks: Array<string | Buffer>, maxBytes = 1000, maxLine = 10) => {
  const stream = new PassThrough();
  const read = readMessage(stream, maxBytes, maxLine);
  for (const chunk of chunks) stream.write(Buffer.from(chunk));
  stream.end();
  return read;
};

describe('reading DATA', () => {
  it('keeps the message as sent when it is within the limits', async () => {
    const read = await feed(['Subject: x\r\n', '\r\n0123456789\r\n', 'end']);
    expect(read).toMatchObject({ size: 29, tooLarge: false, longLine: false });
    expect(read.mime.toString()).toBe('Subject: x\r\n\r\n0123456789\r\nend');
  });

  it('finds a line over the limit, even split across chunks, CR or not', async () => {
    expect((await feed(['0123456', '7890\r\n'])).longLine).toBe(true);
    expect((await feed(['0123456789\r', '\n'])).longLine).toBe(false);
    expect((await feed(['0123456789\n'])).longLine).toBe(false);
    expect((await feed(['01234567890'])).longLine).toBe(true);
    expect((await feed(['0123456789\r'])).longLine).toBe(false);
  });

  it('stops keeping a message past the size limit but reads it to the end', async () => {
    const read = await feed(['a\r\n'.repeat(200), 'b\r\n'.repeat(200)], 1000);
    expect(read).toMatchObject({ size: 1200, tooLarge: true });
    expect(read.mime.length).toBe(0);
  });
});
