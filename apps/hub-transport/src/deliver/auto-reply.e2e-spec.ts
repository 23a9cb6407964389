/**
 * Out-of-office answers end to end: the user turns Oof on from a device (EAS Settings over
 * HTTPS), an external sender's two messages over SMTP port 25 get exactly one answer, through
 * the send connector to the sender's host (a test SMTP sink), from the null reverse-path and
 * marked Auto-Submitted; an automatic message, list mail and a colleague's message when only
 * external answers are on get none, and setting Oof again starts a new absence.
 */
import { EasClient, SmtpSink } from '@mail/runtime/testing';
import { eventuallyInbox } from '../testing/mailbox-probe';
import { SmtpSession } from '../testing/smtp-session';
import { startTransportStack, type TransportStack } from '../testing/transport-stack';

jest.setTimeout(120_000);

const PAT = { user: 'pat@contoso.com', password: 'Pat-Password-1' };
const oofSet = (state: number) => `<Settings xmlns="Settings:"><Oof><Set>
  <OofState>${state}</OofState>
  <OofMessage><AppliesToInternal/><Enabled>0</Enabled><ReplyMessage>internal</ReplyMessage><BodyType>Text</BodyType></OofMessage>
  <OofMessage><AppliesToExternalKnown/><Enabled>1</Enabled><ReplyMessage>I am away until Monday.</ReplyMessage><BodyType>Text</BodyType></OofMessage>
  <OofMessage><AppliesToExternalUnknown/><Enabled>1</Enabled><ReplyMessage>I am away until Monday.</ReplyMessage><BodyType>Text</BodyType></OofMessage>
</Set></Oof></Settings>`;

describe('out-of-office answers', () => {
  let t: TransportStack;
  let sink: SmtpSink;
  let phone: EasClient;

  const send = async (from: string, subject: string, extra = '') => {
    const session = await SmtpSession.ready(t.stack.ports.smtp);
    const replies = await session.mail(
      from,
      [PAT.user],
      `From: <${from}>\r\nTo: <${PAT.user}>\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@fabrikam.example>\r\n${extra}\r\nhello\r\n`,
    );
    await session.quit();
    expect(replies.at(-1)!.code).toBe(250);
  };
  const answersTo = (address: string) => sink.received.filter((m) => m.to.includes(address));

  beforeAll(async () => {
    sink = new SmtpSink(() => 'accept');
    const sinkPort = await sink.start();
    t = await startTransportStack();
    await t.mailctl([
      'mailbox',
      'add',
      PAT.user,
      '--password',
      PAT.password,
      '--display-name',
      'Pat Lee',
    ]);
    await t.mailctl(['mailbox', 'add', 'lee@contoso.com', '--display-name', 'Lee Chen']);
    await t.mailctl([
      ...['connector', 'send', 'add', 'Fabrikam', '--address-space', 'fabrikam.example'],
      ...['--smart-host', `127.0.0.1:${sinkPort}`],
    ]);
    phone = new EasClient({
      port: t.stack.ports.https,
      ca: t.stack.ca,
      ...PAT,
      deviceId: 'OofPhone',
      version: '16.1',
      autoProvision: true,
    });
    const set = await phone.send('Settings', oofSet(1));
    expect(set.easStatus).toBe(1);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  it('answers an external sender once for two messages', async () => {
    await send('kim@fabrikam.example', 'First question');
    await send('kim@fabrikam.example', 'Second question');
    await eventuallyInbox(t.bus, PAT.user, (items) => items.length >= 2);
    const [answer] = await sink.eventually((r) =>
      r.some((m) => m.to.includes('kim@fabrikam.example')),
    );
    expect(answer.from).toBe('');
    const text = answer.raw.toString();
    expect(text).toMatch(/^Auto-Submitted: auto-replied\r$/m);
    expect(text).toMatch(/^Subject: Automatic reply: First question\r$/m);
    expect(text).toMatch(/^In-Reply-To: <Firstquestion@fabrikam\.example>\r$/m);
    expect(text).toMatch(/^From: Pat Lee <pat@contoso\.com>\r$/m);
    expect(text).toContain('I am away until Monday.');
    // Time for a second answer to arrive, were one (wrongly) made.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(answersTo('kim@fabrikam.example')).toHaveLength(1);
  });

  it('never answers automatic or list mail, nor a colleague when internal answers are off', async () => {
    await send('robot@fabrikam.example', 'Automatic', 'Auto-Submitted: auto-generated\r\n');
    await send(
      'list@fabrikam.example',
      'Digest',
      'Precedence: bulk\r\nList-Id: <news.fabrikam.example>\r\n',
    );
    await send('lee@contoso.com', 'Internal');
    await eventuallyInbox(t.bus, PAT.user, (items) => items.length >= 5);
    await send('sam@fabrikam.example', 'Marker');
    await sink.eventually((r) => r.some((m) => m.to.includes('sam@fabrikam.example')));
    expect(answersTo('robot@fabrikam.example')).toHaveLength(0);
    expect(answersTo('list@fabrikam.example')).toHaveLength(0);
    expect(answersTo('lee@contoso.com')).toHaveLength(0);
  });

  it('starts a new absence when Oof is set again, and stops answering when it is off', async () => {
    expect((await phone.send('Settings', oofSet(1))).easStatus).toBe(1);
    await send('kim@fabrikam.example', 'Third question');
    await sink.eventually(
      (r) => r.filter((m) => m.to.includes('kim@fabrikam.example')).length === 2,
    );
    expect((await phone.send('Settings', oofSet(0))).easStatus).toBe(1);
    await send('ana@fabrikam.example', 'While back');
    await eventuallyInbox(t.bus, PAT.user, (items) =>
      items.some((i) => i.subject === 'While back'),
    );
    await send('sam@fabrikam.example', 'Marker two');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(answersTo('ana@fabrikam.example')).toHaveLength(0);
  });
});
