/**
 * A remote MTA for the end-to-end suites (smtp-server in the test process): it records what
 * it is sent and answers each recipient as the test says (accept, a temporary or a permanent
 * refusal), so send connectors, retries and notifications can be watched from outside.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  from: string;
  to: string[];
  raw: Buffer;
  /** Who signed in, and whether the session was encrypted. */
  user: string | null;
  secure: boolean;
}

/** A smart host that wants STARTTLS and this sign-in before it takes mail. */
export interface SinkSecurity {
  key: string;
  cert: string;
  user: string;
  password: string;
}

export type Answer = 'accept' | { code: number; text: string };

export class SmtpSink {
  readonly received: Received[] = [];
  /** Every MAIL FROM seen, accepted or not. */
  readonly senders: string[] = [];
  private readonly server: SMTPServer;

  constructor(
    private readonly answer: (recipient: string, attempt: number) => Answer,
    security?: SinkSecurity,
  ) {
    const attempts = new Map<string, number>();
    this.server = new SMTPServer({
      ...(security
        ? {
            key: security.key,
            cert: security.cert,
            authMethods: ['PLAIN', 'LOGIN'],
            onAuth: (auth, _session, done) =>
              auth.username === security.user && auth.password === security.password
                ? done(null, { user: auth.username })
                : done(Object.assign(new Error('Authentication failed'), { responseCode: 535 })),
          }
        : { authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'] }),
      logger: false,
      closeTimeout: 100,
      hideENHANCEDSTATUSCODES: false,
      onMailFrom: (address, _session, done) => {
        this.senders.push(address.address);
        done();
      },
      onRcptTo: (address, _session, done) => {
        const attempt = (attempts.get(address.address) ?? 0) + 1;
        attempts.set(address.address, attempt);
        const answer = this.answer(address.address, attempt);
        if (answer === 'accept') return done();
        done(Object.assign(new Error(answer.text), { responseCode: answer.code }));
      },
      onData: (stream, session, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks),
            user: (session.user as string | undefined) ?? null,
            secure: session.secure,
          });
          done();
        });
      },
    });
    this.server.on('error', () => undefined);
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  async eventually(
    check: (received: Received[]) => boolean,
    timeoutMs = 30_000,
  ): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (!check(this.received)) {
      if (Date.now() > deadline)
        throw new Error(
          `the sink did not receive what was expected (${this.received.length} messages)`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return this.received;
  }
}
