/**
 * Damaged and oversized messages (issue 5): each damaged one is delivered with what can be
 * read, never refused silently and never crashing the role; one over the size limit is refused
 * with an error that says so, storing nothing; the largest accepted attachment reads back in
 * ranges.
 */
import { createHash } from 'node:crypto';
import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import { createMailboxServices, type MailboxServices } from '../mailbox-services';
import { mailboxStorage } from '../persistence/storage';

const PAT = 'pat@contoso.com';
const MB = 1024 * 1024;

/** [case, raw message, what the stored item must show] */
const DAMAGED: Array<[string, Buffer, { subject: string; text?: RegExp; from?: string }]> = [
  [
    'a boundary that is never closed, an unknown charset and invalid base64',
    Buffer.from(
      'Subject: broken boundary\r\nContent-Type: multipart/mixed; boundary="never-closed"\r\n\r\n' +
        '--never-closed\r\nContent-Type: text/plain; charset=x-unknown-charset\r\n' +
        'Content-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!',
    ),
    { subject: 'broken boundary' },
  ],
  [
    'parts under another boundary than the declared one',
    Buffer.from(
      'Subject: wrong boundary\r\nContent-Type: multipart/mixed; boundary="declared"\r\n\r\n' +
        '--other\r\nContent-Type: text/plain\r\n\r\nthe text\r\n--other--\r\n',
    ),
    { subject: 'wrong boundary', text: /the text/ },
  ],
  [
    'a multipart without a boundary parameter',
    Buffer.from(
      'Subject: no boundary\r\nContent-Type: multipart/mixed\r\n\r\n--x\r\n\r\nhello\r\n',
    ),
    { subject: 'no boundary', text: /hello/ },
  ],
  [
    'an inner multipart left open and an attachment cut short',
    Buffer.from(
      'Subject: cut\r\nContent-Type: multipart/mixed; boundary=o\r\n\r\n--o\r\n' +
        'Content-Type: multipart/alternative; boundary=i\r\n\r\n--i\r\nContent-Type: text/plain\r\n\r\n' +
        'body text\r\n--o\r\nContent-Type: application/pdf; name=a.pdf\r\n' +
        'Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQgcXVh',
    ),
    { subject: 'cut', text: /body text/ },
  ],
  [
    'raw 8-bit UTF-8 in the Subject, invalid bytes in From and bad quoted-printable',
    Buffer.concat([
      Buffer.from('Subject: Grüße aus Köln\r\nFrom: '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(
        ' <x@y.example>\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nbad =ZZ qp',
      ),
    ]),
    { subject: 'Grüße aus Köln', text: /bad/ },
  ],
  [
    'an encoded word in an unknown charset',
    Buffer.from(
      'Subject: =?x-bogus?B?SGVsbG8=?= world\r\nFrom: =?utf-8?Q?Lee_=C3=A9?= <lee@x.y>\r\n\r\nbody',
    ),
    { subject: 'Hello world', from: '"Lee é" <lee@x.y>' },
  ],
  [
    'Latin-1 bytes in a body declared UTF-8',
    Buffer.concat([
      Buffer.from('Subject: latin\r\nContent-Type: text/plain; charset=utf-8\r\n\r\ncaf'),
      Buffer.from([0xe9]),
      Buffer.from(' au lait'),
    ]),
    { subject: 'latin', text: /au lait/ },
  ],
  [
    'base64 with junk around it',
    Buffer.from('Subject: b64\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@@SGVsbG8gd29ybGQ=@@@'),
    { subject: 'b64', text: /Hello world/ },
  ],
  [
    'a 200 KB header line',
    Buffer.from(`Subject: long\r\nX-Long: ${'a'.repeat(200_000)}\r\n\r\nafter a long header`),
    { subject: 'long', text: /after a long header/ },
  ],
  [
    'binary garbage',
    Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10, 65]),
    { subject: '(no subject)' },
  ],
  [
    'no header block at all',
    Buffer.from('no headers at all'),
    { subject: '(no subject)', text: /no headers at all/ },
  ],
];

/** A message carrying one attachment of `size` bytes of varied content, base64 in 76-char lines. */
function withAttachment(size: number): Buffer {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4) data.writeUInt32LE((i * 2654435761) >>> 0, i);
  const lines = data
    .toString('base64')
    .match(/.{1,76}/g)!
    .join('\r\n');
  return Buffer.from(
    'Subject: big file\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nsee attached\r\n' +
      '--b\r\nContent-Type: application/octet-stream; name=big.bin\r\n' +
      'Content-Disposition: attachment; filename=big.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
      `${lines}\r\n--b--\r\n`,
  );
}

describe.each(DATABASE_BACKENDS)('damaged and oversized messages on %s', (_name, open) => {
  let db: OpenedDatabase;
  let services: MailboxServices;
  let events: number;
  const notifier = { folderChanged: async () => void events++ };

  // One database for the whole table: a fresh one per case costs seconds on PGlite.
  beforeAll(async () => {
    db = await open(mailboxStorage);
    services = createMailboxServices(db.dataSource, notifier);
  });
  beforeEach(() => (events = 0));
  afterAll(() => db.close());

  it.each(DAMAGED)('delivers %s with what can be read', async (name, raw, expected) => {
    const { itemId, duplicate } = await services.delivery.deliver({
      queueId: name,
      recipient: PAT,
      mime: raw.toString('base64'),
    });
    expect(duplicate).toBe(false);
    expect(events).toBe(1);
    const item = await services.reads.get(PAT, itemId);
    expect(item.subject).toBe(expected.subject);
    expect(item.size).toBe(raw.length);
    if (expected.text) expect(item.body.text).toMatch(expected.text);
    if (expected.from) expect(item.from).toBe(expected.from);
    // The message is kept whole, as it came: a client asking for MIME gets every byte.
    const [mime] = (
      await services.reads.fetch(PAT, [itemId], {
        properties: false,
        attachments: false,
        body: { type: 'mime' },
      })
    ).items;
    expect(Buffer.from(mime.body!.data, 'base64')).toEqual(raw);
  });

  it('refuses a message with a 30 MB attachment over a 25 MB limit, storing nothing', async () => {
    const raw = withAttachment(30 * MB);
    const limited = createMailboxServices(db.dataSource, notifier, { maxMessageBytes: 25 * MB });
    await expect(
      limited.delivery.deliver({ queueId: 'big', recipient: PAT, mime: raw.toString('base64') }),
    ).rejects.toMatchObject({
      code: 'bad-request',
      message: 'message too large',
      temporary: false,
    });
    const [{ count }] = await db.dataSource.query(
      "SELECT count(*)::int AS count FROM mailbox.item WHERE subject = 'big file'",
    );
    expect(count).toBe(0);
    expect(events).toBe(0);
  }, 120_000);

  it('stores a 30 MB attachment under the default limit and reads it back in 5 MB ranges', async () => {
    const raw = withAttachment(30 * MB);
    const { itemId } = await services.delivery.deliver({
      queueId: 'big',
      recipient: PAT,
      mime: raw.toString('base64'),
    });
    const reference = `${itemId}:0`;
    const whole = createHash('sha256');
    let offset = 0;
    for (;;) {
      const part = await services.reads.attachment(PAT, reference, { offset, length: 5 * MB });
      expect(part.size).toBe(30 * MB);
      const bytes = Buffer.from(part.data, 'base64');
      whole.update(bytes);
      offset += bytes.length;
      if (bytes.length < 5 * MB || offset === part.size) break;
    }
    expect(offset).toBe(30 * MB);
    const expected = createHash('sha256');
    const data = Buffer.alloc(30 * MB);
    for (let i = 0; i < data.length; i += 4) data.writeUInt32LE((i * 2654435761) >>> 0, i);
    expect(whole.digest('hex')).toBe(expected.update(data).digest('hex'));
    expect((await services.reads.get(PAT, itemId)).body.text).toContain('see attached');
  }, 180_000);
});
