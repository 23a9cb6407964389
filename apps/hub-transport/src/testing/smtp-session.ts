/**
 * A plain SMTP client for the end-to-end suites: it sends exactly what a test says (bad input
 * included) and returns each reply as the server wrote it, so tests assert on what an MTA sees.
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

export interface Reply {
  code: number;
  /** The reply's lines without the code and separator. */
  lines: string[];
  /** The last line as sent: `550 5.1.1 ...`. */
  text: string;
}

export class SmtpSession {
  private buffer = '';
  private replies: Reply[] = [];
  private waiting?: () => void;
  private ended = false;
  readonly closed: Promise<void>;
  greeting!: Reply;

  private constructor(private socket: Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    this.listen(socket);
  }

  static async open(port: number): Promise<SmtpSession> {
    const socket = connectTcp({ port, host: '127.0.0.1' });
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const session = new SmtpSession(socket);
    session.greeting = await session.reply();
    return session;
  }

  /** EHLO, then STARTTLS and EHLO again over TLS when `tls` is set (trusting `ca`). */
  static async ready(port: number, options: { tls?: { ca: string } } = {}): Promise<SmtpSession> {
    const session = await SmtpSession.open(port);
    await session.command('EHLO client.test');
    if (options.tls) {
      await session.startTls(options.tls.ca);
      await session.command('EHLO client.test');
    }
    return session;
  }

  async command(line: string): Promise<Reply> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  /** Writes bytes as they are; the caller reads what they cause with `reply`. */
  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  async startTls(ca: string): Promise<Reply> {
    const answer = await this.command('STARTTLS');
    if (answer.code !== 220) return answer;
    this.socket.removeAllListeners('data');
    const secure = connectTls({ socket: this.socket, ca, servername: 'localhost' });
    await new Promise((resolve, reject) =>
      secure.once('secureConnect', resolve).once('error', reject),
    );
    this.socket = secure;
    this.listen(secure);
    return answer;
  }

  /** AUTH PLAIN with an initial response. */
  auth(user: string, password: string): Promise<Reply> {
    return this.command(`AUTH PLAIN ${Buffer.from(`\0${user}\0${password}`).toString('base64')}`);
  }

  /** MAIL, RCPT for each recipient, DATA and the message: the reply to each step. */
  async mail(from: string, to: string[], message: string | Buffer): Promise<Reply[]> {
    const replies = [await this.command(`MAIL FROM:<${from}>`)];
    for (const rcpt of to) replies.push(await this.command(`RCPT TO:<${rcpt}>`));
    replies.push(await this.command('DATA'));
    return this.content(replies, message);
  }

  /**
   * The same transaction as an MTA sends it to a server that offers PIPELINING (RFC 2920):
   * MAIL, the RCPTs and DATA in one write, then the message once DATA is answered 354.
   */
  async pipelined(from: string, to: string[], message: string | Buffer): Promise<Reply[]> {
    const commands = [`MAIL FROM:<${from}>`, ...to.map((rcpt) => `RCPT TO:<${rcpt}>`), 'DATA'];
    this.socket.write(commands.map((line) => `${line}\r\n`).join(''));
    const replies: Reply[] = [];
    for (const _ of commands) replies.push(await this.reply());
    return this.content(replies, message);
  }

  /** After the replies up to DATA's: the message, dot-stuffed, when DATA was answered 354. */
  private async content(replies: Reply[], message: string | Buffer): Promise<Reply[]> {
    if (replies.at(-1)!.code !== 354) return replies;
    const body = Buffer.isBuffer(message) ? message : Buffer.from(message);
    const stuffed = body.toString('latin1').replace(/(^|\r\n)\./g, '$1..');
    this.socket.write(
      Buffer.from(`${stuffed}${stuffed.endsWith('\r\n') ? '' : '\r\n'}.\r\n`, 'latin1'),
    );
    replies.push(await this.reply());
    return replies;
  }

  /** The next reply; rejects when the server closed the connection first. */
  async reply(timeoutMs = 20_000): Promise<Reply> {
    const deadline = Date.now() + timeoutMs;
    while (this.replies.length === 0) {
      if (this.ended) throw new Error('connection closed');
      if (Date.now() > deadline) throw new Error('no reply');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.replies.shift()!;
  }

  async quit(): Promise<void> {
    if (!this.ended) await this.command('QUIT').catch(() => undefined);
    this.socket.destroy();
  }

  private listen(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('latin1');
      const lines: string[] = [];
      let newline;
      while ((newline = this.buffer.indexOf('\r\n')) >= 0) {
        lines.push(this.buffer.slice(0, newline));
        this.buffer = this.buffer.slice(newline + 2);
      }
      let current: string[] = [];
      for (const line of lines) {
        current.push(line);
        if (/^\d{3}(?: |$)/.test(line)) {
          this.replies.push({
            code: Number(line.slice(0, 3)),
            lines: current.map((l) => l.slice(4)),
            text: line,
          });
          current = [];
        }
      }
      if (current.length) this.buffer = `${current.join('\r\n')}\r\n${this.buffer}`;
      this.waiting?.();
    });
    socket.on('close', () => {
      this.ended = true;
      this.waiting?.();
    });
    socket.on('error', () => undefined);
  }
}
