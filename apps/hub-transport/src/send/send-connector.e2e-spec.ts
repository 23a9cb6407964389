/**
 * Send connectors on a running stack: mail for a remote domain goes through the connector's
 * smart host (a test SMTP server standing in for a remote MTA); a 4xx is retried on the
 * schedule until delivered; a 5xx comes back to the sender as a delivery status notification,
 * and a notification that cannot be delivered causes none. CAS's submission over the bus
 * goes the same way; a delivery still waiting after DELAY_NOTIFICATION_TIMEOUT is reported as
 * delayed. The queue is watched with mailctl and /metrics.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageSubmit } from '@mail/contracts';
import { eventuallyInbox } from '../testing/mailbox-probe';
import { SmtpSession } from '../testing/smtp-session';
import { SmtpSink } from '@mail/runtime/testing';
import { ADMIN, startTransportStack, type TransportStack } from '../testing/transport-stack';

jest.setTimeout(180_000);

const PASSWORD = 'Pat-Password-1';
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('send connectors', () => {
  let t: TransportStack;
  let sink: SmtpSink;
  let secureSink: SmtpSink | undefined;

  /** Signs in on the Client connector and sends; the reply to each step. */
  const submit = async (from: string, to: string[], message: string) => {
    const session = await SmtpSession.ready(t.stack.ports.submission, { tls: { ca: t.stack.ca } });
    expect((await session.auth('pat@contoso.com', PASSWORD)).code).toBe(235);
    const replies = await session.mail(from, to, message);
    await session.quit();
    return replies;
  };

  beforeAll(async () => {
    sink = new SmtpSink((recipient, attempt) => {
      if (recipient.startsWith('busy'))
        return attempt === 1 ? { code: 451, text: 'Try again later' } : 'accept';
      if (recipient.startsWith('slow')) return { code: 451, text: 'Try again later' };
      if (recipient.startsWith('nobody') || recipient.startsWith('bounce'))
        return { code: 550, text: 'No such user here' };
      return 'accept';
    });
    const sinkPort = await sink.start();
    t = await startTransportStack({
      QUEUE_RETRY_SCHEDULE: '1s,2s',
      DELAY_NOTIFICATION_TIMEOUT: '3s',
    });
    await t.mailctl([
      'mailbox',
      'add',
      'pat@contoso.com',
      '--password',
      PASSWORD,
      '--display-name',
      'Pat Lee',
    ]);
    await t.mailctl(['mailbox', 'add', 'lee@contoso.com', '--display-name', 'Lee Chen']);
    await t.mailctl([
      'connector',
      'send',
      'add',
      'Tailspin',
      '--address-space',
      'tailspin.example',
      '--smart-host',
      `127.0.0.1:${sinkPort}`,
    ]);
    await t.mailctl(['contact', 'add', 'nobody@tailspin.example', '--display-name', 'Nobody']);
    await t.mailctl(['group', 'add', 'partners@contoso.com', '--display-name', 'Partners']);
    await t.mailctl(['group', 'member', 'add', 'partners@contoso.com', 'nobody@tailspin.example']);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
    await secureSink?.stop();
  });

  it('routes mail after AUTH on 587 through the send connector to the remote host', async () => {
    const replies = await submit(
      'pat@contoso.com',
      ['partner@tailspin.example'],
      'From: Pat <pat@contoso.com>\r\nTo: partner@tailspin.example\r\nBcc: boss@contoso.com\r\nSubject: Offer\r\n\r\nhello\r\n',
    );
    expect(replies.at(-1)!.code).toBe(250);
    const [got] = await sink.eventually((r) =>
      r.some((m) => m.to.includes('partner@tailspin.example')),
    );
    expect(got.from).toBe('pat@contoso.com');
    const text = got.raw.toString();
    expect(text).toMatch(
      /^Received: from client\.test \(\[127\.0\.0\.1\]\)\r\n\tby \S+ with ESMTPSA id [0-9a-f-]{36}\r\n/,
    );
    expect(text).toMatch(/^Message-ID: <[0-9a-f-]{36}@/m);
    expect(text).not.toMatch(/^Bcc:/m);
    expect(text).toContain('Subject: Offer\r\n\r\nhello\r\n');
  });

  it('signs in to a smart host that wants it, over STARTTLS only', async () => {
    const tls = (file: string) => readFileSync(join(t.stack.dataDir, 'tls', file), 'utf8');
    secureSink = new SmtpSink(() => 'accept', {
      key: tls('server.key'),
      cert: tls('server.crt'),
      user: 'relay-user',
      password: 'Relay-Secret-1',
    });
    const port = await secureSink.start();
    await t.mailctl([
      ...['connector', 'send', 'add', 'Secure', '--address-space', '*.secure.example'],
      ...['--smart-host', `127.0.0.1:${port}`, '--auth-user', 'relay-user'],
      ...['--auth-password', 'Relay-Secret-1'],
    ]);
    await submit(
      'pat@contoso.com',
      ['ops@eu.secure.example'],
      'Subject: Signed in\r\n\r\nhello\r\n',
    );
    const [got] = await secureSink.eventually((r) => r.length === 1);
    expect(got).toMatchObject({ to: ['ops@eu.secure.example'], user: 'relay-user', secure: true });
  });

  it('retries a delivery the remote host deferred (4xx), then delivers it', async () => {
    await submit(
      'pat@contoso.com',
      ['busy@tailspin.example'],
      'Subject: Retry me\r\n\r\nhello\r\n',
    );
    const received = await sink.eventually((r) =>
      r.some((m) => m.to.includes('busy@tailspin.example')),
    );
    expect(received.filter((m) => m.to.includes('busy@tailspin.example'))).toHaveLength(1);
    expect(sink.senders.filter((s) => s === 'pat@contoso.com').length).toBeGreaterThanOrEqual(3);
  });

  it('tells the sender when the remote host refuses (5xx), and never answers a notification', async () => {
    await submit(
      'pat@contoso.com',
      ['nobody@tailspin.example'],
      'Subject: Lost letter\r\n\r\nhello\r\n',
    );
    const items = await eventuallyInbox(t.bus, 'pat@contoso.com', (list) =>
      list.some((i) => i.subject === 'Undeliverable: Lost letter'),
    );
    const notice = items.find((i) => i.subject === 'Undeliverable: Lost letter')!;
    expect(notice.from).toBe('"Mail Delivery System" <postmaster@contoso.com>');
    expect(notice.body.text).toContain('<nobody@tailspin.example>: 550 5.1.1 No such user here');

    // Mail from a remote sender to a group whose contact is refused: the notice goes back to
    // the remote sender, is refused too, and that is the end of it (null reverse-path).
    const session = await SmtpSession.ready(t.stack.ports.smtp);
    const replies = await session.mail(
      'bounce@tailspin.example',
      ['partners@contoso.com'],
      'Subject: Hello partners\r\n\r\nhi\r\n',
    );
    expect(replies.at(-1)!.code).toBe(250);
    await session.quit();
    await sink.eventually(() => sink.senders.includes(''));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(sink.senders.filter((s) => s === '')).toHaveLength(1);
    const queue = await t.mailctl(['queue', 'list']);
    expect(queue.messages.filter((m: { sender: string }) => m.sender === '')).toEqual([]);
  });

  it('shows, retries and removes a waiting message with mailctl, and counts in /metrics', async () => {
    await submit('pat@contoso.com', ['slow@tailspin.example'], 'Subject: Waiting\r\n\r\nhello\r\n');
    let listed;
    for (const deadline = Date.now() + 20_000; ;) {
      listed = await t.mailctl(['queue', 'list', '--state', 'retry']);
      if (listed.total > 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(listed.messages).toEqual([
      expect.objectContaining({
        sender: 'pat@contoso.com',
        source: 'submission',
        state: 'retry',
        pending: 1,
      }),
    ]);
    const { queueId } = listed.messages[0];
    const shown = await t.mailctl(['queue', 'show', queueId]);
    expect(shown).toMatchObject({
      queueId,
      envelopeRecipients: ['slow@tailspin.example'],
      deliveries: [
        {
          recipient: 'slow@tailspin.example',
          route: 'smtp',
          lastResponse: expect.stringMatching(/^451 4\.3\.0 Try again later/),
        },
      ],
    });
    const text = await t.stack.mailctl(['queue', 'show', queueId], ADMIN);
    expect(text.stdout).toMatch(/recipient\s+route\s+state\s+attempts/);
    // Still waiting after DELAY_NOTIFICATION_TIMEOUT: Pat is told once, and it keeps trying.
    const delayed = await eventuallyInbox(t.bus, 'pat@contoso.com', (list) =>
      list.some((i) => i.subject === 'Delivery delayed: Waiting'),
    );
    expect(delayed.find((i) => i.subject === 'Delivery delayed: Waiting')!.body.text).toContain(
      'Your message has not been delivered yet',
    );
    expect(await t.mailctl(['queue', 'retry', queueId])).toMatchObject({ queueId });
    expect(await t.mailctl(['queue', 'remove', queueId])).toEqual({ removed: queueId });
    const gone = await t.stack.mailctl(['queue', 'show', queueId], ADMIN);
    expect(gone).toMatchObject({ code: 1, stderr: expect.stringContaining('not-found') });

    const metrics = (await t.stack.https('GET', '/metrics')).body.toString();
    expect(metrics).toMatch(
      /transport_deliveries_total\{connector="Tailspin",outcome="delivered"[^}]*\} [1-9]/,
    );
    expect(metrics).toMatch(
      /transport_deliveries_total\{connector="Tailspin",outcome="deferred"[^}]*\} [1-9]/,
    );
    expect(metrics).toMatch(
      /transport_deliveries_total\{connector="mailbox",outcome="delivered"[^}]*\} [1-9]/,
    );
    expect(metrics).toMatch(/transport_messages_received_total\{connector="Client"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/transport_queue_messages\b/);
  });

  it('queues a submission from CAS over the bus: Bcc kept from recipients, sender checked, once per client id', async () => {
    const mime = b64(
      'From: Pat <pat@contoso.com>\r\nTo: Lee <lee@contoso.com>, partner2@tailspin.example\r\nBcc: admin@contoso.com\r\nSubject: Sent from a phone\r\n\r\nhi\r\n',
    );
    const first = await t.bus.request(MessageSubmit, {
      userPrincipalName: 'pat@contoso.com',
      mime,
      clientId: 'phone-1',
    });
    expect(first).toMatchObject({
      accepted: true,
      recipients: ['lee@contoso.com', 'partner2@tailspin.example', 'admin@contoso.com'],
      duplicate: false,
    });
    const again = await t.bus.request(MessageSubmit, {
      userPrincipalName: 'pat@contoso.com',
      mime,
      clientId: 'phone-1',
    });
    expect(again).toEqual({ ...first, duplicate: true });
    for (const user of ['lee@contoso.com', 'admin@contoso.com'])
      await eventuallyInbox(
        t.bus,
        user,
        (list) => list.filter((i) => i.subject === 'Sent from a phone').length === 1,
      );
    const [remote] = (
      await sink.eventually((r) => r.some((m) => m.to.includes('partner2@tailspin.example')))
    ).filter((m) => m.to.includes('partner2@tailspin.example'));
    expect(remote.raw.toString()).not.toMatch(/^Bcc:/m);
    expect(remote.raw.toString()).toMatch(/via EAS with HTTPS/);

    const foreign = await t.bus.request(MessageSubmit, {
      userPrincipalName: 'pat@contoso.com',
      mime: b64('From: ceo@contoso.com\r\nTo: lee@contoso.com\r\n\r\nhi\r\n'),
    });
    expect(foreign).toMatchObject({ accepted: false, reason: 'sender-not-allowed' });
    const nobody = await t.bus.request(MessageSubmit, {
      userPrincipalName: 'pat@contoso.com',
      mime: b64('Subject: to whom?\r\n\r\nhi\r\n'),
    });
    expect(nobody).toMatchObject({ accepted: false, reason: 'no-recipients' });
  });
});
