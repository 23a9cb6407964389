/**
 * The receive connectors of a running stack (PostgreSQL, NATS), over real sockets: swaks and
 * nodemailer deliver to local users and the items land in their Inboxes with their headers
 * and attachments; the server is no open relay; bad input gets the stated replies while the
 * process keeps serving others; a stopping server finishes the message in DATA.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { attachmentData, eventuallyInbox, rawMime } from '../testing/mailbox-probe';
import { SmtpSession } from '../testing/smtp-session';
import { startTransportStack, type TransportStack } from '../testing/transport-stack';

jest.setTimeout(180_000);

const PASSWORD = 'Pat-Password-1';

describe('receive connectors', () => {
  let t: TransportStack;
  let smtp: number;
  let submission: number;
  const pdf = randomBytes(20_000);

  beforeAll(async () => {
    t = await startTransportStack();
    ({ smtp, submission } = t.stack.ports);
    await t.mailctl([
      'mailbox',
      'add',
      'pat@contoso.com',
      '--password',
      PASSWORD,
      '--display-name',
      'Pat Lee',
    ]);
    await t.mailctl(['mailbox', 'set', 'pat@contoso.com', '--add-address', 'p.lee@contoso.com']);
    await t.mailctl(['mailbox', 'add', 'lee@contoso.com', '--display-name', 'Lee Chen']);
    await t.mailctl(['group', 'add', 'sales@contoso.com', '--display-name', 'Sales']);
    await t.mailctl(['group', 'add', 'east@contoso.com', '--display-name', 'East']);
    for (const [group, member] of [
      ['sales@contoso.com', 'pat@contoso.com'],
      ['sales@contoso.com', 'east@contoso.com'],
      ['east@contoso.com', 'lee@contoso.com'],
      ['east@contoso.com', 'pat@contoso.com'],
    ])
      await t.mailctl(['group', 'member', 'add', group, member]);
    await t.mailctl(['domain', 'add', 'relay.contoso.com', '--type', 'InternalRelay']);
  });
  afterAll(() => t?.close());

  it('takes a message from swaks for a local user into their Inbox, attachment intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swaks-'));
    writeFileSync(join(dir, 'q3.pdf'), pdf);
    const run = spawnSync(
      'swaks',
      [
        ...[
          '--server',
          `127.0.0.1:${smtp}`,
          '--from',
          'lee@fabrikam.com',
          '--to',
          'P.Lee@contoso.com',
        ],
        ...['--header', 'Subject: Quarterly numbers', '--body', 'The figures are attached.'],
        ...[
          '--attach-type',
          'application/pdf',
          '--attach-name',
          'q3.pdf',
          '--attach',
          `@${join(dir, 'q3.pdf')}`,
        ],
      ],
      { encoding: 'utf8' },
    );
    expect(run.stdout).toMatch(/<- {2}250 2\.6\.0 Queued as [0-9a-f-]{36}/);
    const items = await eventuallyInbox(t.bus, 'pat@contoso.com', (list) =>
      list.some((i) => i.subject === 'Quarterly numbers'),
    );
    const item = items.find((i) => i.subject === 'Quarterly numbers')!;
    expect(item).toMatchObject({
      from: 'lee@fabrikam.com',
      to: 'P.Lee@contoso.com',
      hasAttachments: true,
    });
    expect(item.body.text).toContain('The figures are attached.');
    expect(item.attachments).toEqual([
      expect.objectContaining({ fileName: 'q3.pdf', contentType: 'application/pdf' }),
    ]);
    expect(
      (await attachmentData(t.bus, 'pat@contoso.com', item.attachments[0].reference)).equals(pdf),
    ).toBe(true);
    // What the device will get: our Received field on top, the sender's header as sent.
    const mime = await rawMime(t.bus, 'pat@contoso.com', item.itemId);
    expect(mime).toMatch(
      /^Received: from \S+ \(\[127\.0\.0\.1\]\)\r\n\tby \S+ with ESMTP id [0-9a-f-]{36}\r\n\tfor <p\.lee@contoso\.com>;/,
    );
    expect(mime).toMatch(/^Message-Id: <.+>\r\n/m);
    expect(mime).toMatch(/^X-Mailer: swaks/m);
    expect(mime).not.toMatch(/^Message-ID: <[0-9a-f-]{36}@/m);
  });

  it('takes a message from nodemailer over STARTTLS with UTF-8 headers and inline parts', async () => {
    const transporter = nodemailer.createTransport({
      host: '127.0.0.1',
      port: smtp,
      requireTLS: true,
      tls: { ca: t.stack.ca, servername: 'localhost' },
    });
    const png = randomBytes(3000);
    const info = await transporter.sendMail({
      from: '"Zoë Brandt" <zoe@fabrikam.com>',
      to: 'Lee Chen <lee@contoso.com>',
      cc: 'pat@contoso.com',
      subject: 'Grüße aus Köln',
      text: 'Siehe Anhang.',
      html: '<p>Siehe <img src="cid:logo@fabrikam"></p>',
      attachments: [
        { filename: 'q3.pdf', content: pdf },
        { filename: 'logo.png', content: png, cid: 'logo@fabrikam' },
      ],
    });
    expect(info.response).toMatch(/^250 2\.6\.0 Queued as/);
    transporter.close();
    const [item] = await eventuallyInbox(t.bus, 'lee@contoso.com', (list) =>
      list.some((i) => i.subject === 'Grüße aus Köln'),
    );
    expect(item).toMatchObject({ from: '"Zoë Brandt" <zoe@fabrikam.com>', cc: 'pat@contoso.com' });
    const file = item.attachments.find((a) => a.fileName === 'q3.pdf')!;
    const logo = item.attachments.find((a) => a.fileName === 'logo.png')!;
    expect((await attachmentData(t.bus, 'lee@contoso.com', file.reference)).equals(pdf)).toBe(true);
    expect(logo).toMatchObject({ contentId: 'logo@fabrikam', isInline: true });
    expect((await attachmentData(t.bus, 'lee@contoso.com', logo.reference)).equals(png)).toBe(true);
    await eventuallyInbox(t.bus, 'pat@contoso.com', (list) =>
      list.some((i) => i.subject === 'Grüße aus Köln'),
    );
  });

  it('advertises SIZE, 8BITMIME, PIPELINING, ENHANCEDSTATUSCODES and SMTPUTF8, and honours them', async () => {
    const session = await SmtpSession.open(smtp);
    expect(session.greeting.text).toMatch(/^220 \S+ ESMTP/);
    const ehlo = await session.command('EHLO client.test');
    expect(ehlo.lines).toEqual(
      expect.arrayContaining([
        'PIPELINING',
        '8BITMIME',
        'SMTPUTF8',
        'ENHANCEDSTATUSCODES',
        'STARTTLS',
        'SIZE 37748736',
      ]),
    );
    // Pipelined: the three commands in one write, three replies in order.
    session.write(
      'MAIL FROM:<zoë@bücher.example> BODY=8BITMIME SMTPUTF8\r\nRCPT TO:<lee@contoso.com>\r\nDATA\r\n',
    );
    expect([
      (await session.reply()).code,
      (await session.reply()).code,
      (await session.reply()).code,
    ]).toEqual([250, 250, 354]);
    session.write(
      Buffer.from(
        'From: Zoë <zoë@bücher.example>\r\nSubject: Bücher für Köln\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nÄpfel und Birnen\r\n.\r\n',
      ),
    );
    expect((await session.reply()).text).toMatch(/^250 2\.6\.0 Queued as/);
    await session.quit();
    const items = await eventuallyInbox(t.bus, 'lee@contoso.com', (list) =>
      list.some((i) => i.subject === 'Bücher für Köln'),
    );
    const item = items.find((i) => i.subject === 'Bücher für Köln')!;
    expect(item.from).toBe('"Zoë" <zoë@bücher.example>');
    expect(item.body.text).toContain('Äpfel und Birnen');
  });

  it('expands a group through its nested groups, delivering to each member once', async () => {
    const session = await SmtpSession.ready(smtp);
    const replies = await session.mail(
      'lee@fabrikam.com',
      ['sales@contoso.com'],
      'Subject: To the team\r\n\r\nhello\r\n',
    );
    expect(replies.at(-1)!.text).toMatch(/^250 2\.6\.0 Queued as/);
    await session.quit();
    for (const user of ['pat@contoso.com', 'lee@contoso.com']) {
      const items = await eventuallyInbox(t.bus, user, (list) =>
        list.some((i) => i.subject === 'To the team'),
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(items.filter((i) => i.subject === 'To the team')).toHaveLength(1);
    }
  });

  it('is no open relay: foreign domains only after AUTH, and AUTH only after STARTTLS', async () => {
    const anonymous = await SmtpSession.ready(smtp);
    await anonymous.command('MAIL FROM:<spammer@fabrikam.com>');
    expect((await anonymous.command('RCPT TO:<victim@tailspin.example>')).text).toBe(
      '550 5.7.1 Unable to relay',
    );
    expect((await anonymous.command('RCPT TO:<ghost@contoso.com>')).text).toBe(
      '550 5.1.1 Recipient address rejected: user unknown',
    );
    expect((await anonymous.command('RCPT TO:<anyone@relay.contoso.com>')).code).toBe(250);
    await anonymous.quit();

    const client = await SmtpSession.open(submission);
    const ehlo = await client.command('EHLO client.test');
    expect(ehlo.lines).toContain('STARTTLS');
    expect(ehlo.lines.some((l) => l.startsWith('AUTH'))).toBe(false);
    expect((await client.auth('pat@contoso.com', PASSWORD)).text).toBe(
      '530 5.7.0 Must issue a STARTTLS command first',
    );
    expect((await client.command('MAIL FROM:<pat@contoso.com>')).text).toBe(
      '530 5.7.0 Authentication required',
    );
    await client.startTls(t.stack.ca);
    expect((await client.command('EHLO client.test')).lines).toContain('AUTH PLAIN LOGIN');
    expect((await client.auth('pat@contoso.com', 'wrong-password')).text).toBe(
      '535 5.7.8 Authentication credentials invalid',
    );
    expect((await client.auth('pat@contoso.com', PASSWORD)).code).toBe(235);
    expect((await client.command('MAIL FROM:<lee@contoso.com>')).text).toBe(
      '550 5.7.1 Not authorized to send as this sender: lee@contoso.com',
    );
    const replies = await client.mail(
      'p.lee@contoso.com',
      ['partner@tailspin.example'],
      'From: p.lee@contoso.com\r\nSubject: Offer\r\nBcc: boss@contoso.com\r\n\r\nhello\r\n',
    );
    expect(replies.map((r) => r.code)).toEqual([250, 250, 354, 250]);
    await client.quit();
    // No send connector covers tailspin.example: Pat is told the message could not leave.
    const [notice] = await eventuallyInbox(t.bus, 'pat@contoso.com', (list) =>
      list.some((i) => i.subject === 'Undeliverable: Offer'),
    ).then((list) => list.filter((i) => i.subject === 'Undeliverable: Offer'));
    expect(notice.body.text).toContain('<partner@tailspin.example>: 554 5.4.4');
  });

  it('answers bad input with the stated replies and keeps serving everyone else', async () => {
    const good = await SmtpSession.ready(smtp);
    const bad = await SmtpSession.ready(smtp);
    // 1,001 recipients: the connector's 200, then 452 4.5.3 for the rest (RFC 5321 4.5.3.1.10).
    await bad.command('MAIL FROM:<lee@fabrikam.com>');
    for (let i = 0; i < 1001; i++) bad.write(`RCPT TO:<user${i}@relay.contoso.com>\r\n`);
    const rcpts = [];
    for (let i = 0; i < 1001; i++) rcpts.push(await bad.reply());
    expect(rcpts.slice(0, 200).every((r) => r.code === 250)).toBe(true);
    expect(new Set(rcpts.slice(200).map((r) => r.text))).toEqual(
      new Set(['452 4.5.3 Error: too many recipients']),
    );
    expect((await bad.command('DATA')).code).toBe(354);
    bad.write('Subject: many\r\n\r\nhi\r\n.\r\n');
    expect((await bad.reply()).text).toMatch(/^250 2\.6\.0/);

    // A 10,000-character line in the message: refused, the session goes on.
    const long = await bad.mail(
      'lee@fabrikam.com',
      ['pat@contoso.com'],
      `Subject: long\r\n\r\n${'x'.repeat(10_000)}\r\n`,
    );
    expect(long.at(-1)!.text).toBe('554 5.6.0 Message has a line longer than 998 characters');
    const fine = await good.mail(
      'lee@fabrikam.com',
      ['lee@contoso.com'],
      'Subject: while others misbehave\r\n\r\nok\r\n',
    );
    expect(fine.at(-1)!.code).toBe(250);
    // A 10,000-character command line: 500 5.5.2, then the connection is closed.
    expect((await bad.command(`RCPT TO:<${'y'.repeat(10_000)}@contoso.com>`)).text).toBe(
      '500 5.5.2 Line too long',
    );
    await bad.closed;

    // Binary garbage: 500-series replies, then disconnected.
    const noise = await SmtpSession.open(smtp);
    const garbage = Buffer.from(
      Array.from({ length: 4000 }, (_, i) => (i % 97 === 0 ? 10 : (i * 37) % 256)),
    );
    noise.write(garbage);
    const answers = [];
    for (;;) {
      const answer = await noise.reply().catch(() => null);
      if (!answer) break;
      answers.push(answer);
    }
    expect(answers.length).toBeGreaterThan(1);
    expect(answers.slice(0, -1).every((a) => a.code >= 500)).toBe(true);
    expect(answers.at(-1)!.code).toBe(421);
    await noise.closed;

    const after = await good.mail(
      'lee@fabrikam.com',
      ['lee@contoso.com'],
      'Subject: still served\r\n\r\nok\r\n',
    );
    expect(after.at(-1)!.code).toBe(250);
    await good.quit();
  });

  it("follows the connector's settings: FQDN, message size, connections per client, anonymous senders", async () => {
    await t.mailctl([
      ...['connector', 'receive', 'set', 'Default', '--max-message-size', '65536'],
      ...['--max-connections-per-source', '3', '--fqdn', 'mail.contoso.com'],
    ]);
    // The listener reads connector settings every few seconds.
    const deadline = Date.now() + 30_000;
    let session = await SmtpSession.open(smtp);
    while (!(await session.command('EHLO client.test')).lines.includes('SIZE 65536')) {
      expect(Date.now()).toBeLessThan(deadline);
      await session.quit();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      session = await SmtpSession.open(smtp);
    }
    // The settings may have changed between this session's greeting and its EHLO: a session
    // opened now has them all.
    await session.quit();
    session = await SmtpSession.open(smtp);
    expect(session.greeting.text).toBe('220 mail.contoso.com ESMTP ready');
    expect((await session.command('EHLO again.test')).lines[0]).toBe(
      'mail.contoso.com Hello [127.0.0.1]',
    );
    expect((await session.command('MAIL FROM:<lee@fabrikam.com> SIZE=100000')).text).toMatch(
      /^552 5\.3\.4/,
    );
    const big = `Subject: big\r\n\r\n${`${'z'.repeat(76)}\r\n`.repeat(900)}`;
    const replies = await session.mail('lee@fabrikam.com', ['pat@contoso.com'], big);
    expect(replies.at(-1)!.text).toBe('552 5.3.4 Message size exceeds fixed maximum message size');
    expect((await session.command('NOOP')).code).toBe(250);

    const more = [await SmtpSession.open(smtp), await SmtpSession.open(smtp)];
    const refused = await SmtpSession.open(smtp);
    expect(refused.greeting.text).toBe('421 4.7.0 Too many connections from your address');
    await refused.closed;
    await Promise.all([session, ...more].map((s) => s.quit()));

    await t.mailctl(['connector', 'receive', 'set', 'Default', '--anonymous', 'off']);
    /** The reply to an anonymous MAIL FROM once it is `wanted` (settings apply within seconds). */
    const anonymousMailFrom = async (wanted: number) => {
      for (const until = Date.now() + 30_000; ;) {
        const anonymous = await SmtpSession.ready(smtp);
        const answer = await anonymous.command('MAIL FROM:<lee@fabrikam.com>');
        await anonymous.quit();
        if (answer.code === wanted) return answer.text;
        expect(Date.now()).toBeLessThan(until);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    };
    expect(await anonymousMailFrom(530)).toBe('530 5.7.1 Client was not authenticated');
    await t.mailctl(['connector', 'receive', 'set', 'Default', '--anonymous', 'on']);
    await anonymousMailFrom(250);
  });

  it('finishes the message in DATA when stopped, and tells idle sessions to come back later', async () => {
    const idle = await SmtpSession.ready(smtp);
    const busy = await SmtpSession.ready(smtp);
    await busy.command('MAIL FROM:<lee@fabrikam.com>');
    await busy.command('RCPT TO:<pat@contoso.com>');
    await busy.command('DATA');
    busy.write('Subject: in flight\r\n\r\nfirst half\r\n');
    const exited = t.stack.server.stop('SIGTERM');
    expect((await idle.reply()).text).toBe('421 4.3.2 Service shutting down; try again later');
    busy.write('second half\r\n.\r\n');
    expect((await busy.reply()).text).toMatch(/^250 2\.6\.0 Queued as/);
    expect((await busy.command('NOOP')).code).toBe(421);
    expect(await exited).toBe(0);
    const { rows } = await import('pg').then(async ({ Client }) => {
      const sql = new Client({ connectionString: t.database.url });
      await sql.connect();
      // The queue itself, read after the process is gone: the 250 meant it was written.
      const result = await sql.query(
        `SELECT count(*)::int AS n FROM transport.message m WHERE encode(m.mime, 'escape') LIKE '%in flight%'
          UNION ALL SELECT count(*)::int FROM mailbox.item WHERE subject = 'in flight'`,
      );
      await sql.end();
      return result;
    });
    expect(rows[0].n + rows[1].n).toBe(1);
  });
});
