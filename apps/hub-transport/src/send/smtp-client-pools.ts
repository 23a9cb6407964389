/**
 * The SMTP client (nodemailer): one pool of connections per destination host, port and
 * sign-in, reused across messages, closed after a while unused. A send answers either what
 * the server said about each recipient, or that the host could not be reached (the caller
 * then tries the next host).
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { TRANSPORT_LIMITS } from '../limits';
import type { Destination } from './destinations';

export interface SendOptions {
  /** Refuse to send without STARTTLS (the connector's RequireTLS, or credentials to protect). */
  requireTLS: boolean;
  auth?: { user: string; pass: string };
  /** Said in EHLO. */
  name: string;
}

export interface RecipientReply {
  recipient: string;
  code: number;
  response: string;
}

export type SendOutcome =
  { kind: 'answered'; replies: RecipientReply[] } | { kind: 'unreachable'; error: string };

interface Pooled {
  transporter: Transporter;
  lastUsed: number;
}

interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  rejectedErrors?: NodemailerError[];
  recipient?: string;
}

/** An answer line without its line breaks, for the queue and notifications. */
const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ').trim();

export class SmtpClientPools {
  private readonly pools = new Map<string, Pooled>();
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    this.sweeper = setInterval(() => this.sweep(), TRANSPORT_LIMITS.destinationIdleMs);
    this.sweeper.unref();
  }

  async send(
    destination: Destination,
    options: SendOptions,
    envelope: { from: string; to: string[] },
    raw: Buffer,
  ): Promise<SendOutcome> {
    const pooled = this.pool(destination, options);
    pooled.lastUsed = Date.now();
    try {
      const info = await pooled.transporter.sendMail({
        // false is the null reverse-path (a notification), sent as MAIL FROM:<>.
        envelope: {
          from: envelope.from === '' ? false : envelope.from,
          to: envelope.to,
          // eslint-disable-next-line no-control-regex -- 8-bit content is declared (RFC 6152)
          use8BitMime: /[^\x00-\x7f]/.test(raw.toString('latin1')),
        },
        raw,
      });
      const rejected = new Map(
        ((info.rejectedErrors ?? []) as NodemailerError[]).map((e) => [e.recipient, e]),
      );
      return {
        kind: 'answered',
        replies: envelope.to.map((recipient) => {
          const refusal = rejected.get(recipient);
          return refusal
            ? {
                recipient,
                code: refusal.responseCode ?? 550,
                response: oneLine(refusal.response ?? refusal.message),
              }
            : { recipient, code: 250, response: oneLine(String(info.response ?? '250 OK')) };
        }),
      };
    } catch (caught) {
      return this.failure(caught as NodemailerError, envelope.to);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const { transporter } of this.pools.values()) transporter.close();
    this.pools.clear();
  }

  private failure(error: NodemailerError, to: string[]): SendOutcome {
    if (!error.responseCode) return { kind: 'unreachable', error: oneLine(error.message) };
    const perRecipient = new Map((error.rejectedErrors ?? []).map((e) => [e.recipient, e]));
    // A refused sign-in is the connector's configuration, not the message's fault: retry.
    const code = error.code === 'EAUTH' ? 454 : error.responseCode;
    return {
      kind: 'answered',
      replies: to.map((recipient) => {
        const own = perRecipient.get(recipient);
        return {
          recipient,
          code: own?.responseCode ?? code,
          response: oneLine(own?.response ?? error.response ?? error.message),
        };
      }),
    };
  }

  private pool(destination: Destination, options: SendOptions): Pooled {
    const key = JSON.stringify([
      destination.host,
      destination.port,
      options.auth?.user ?? null,
      options.requireTLS,
      options.name,
    ]);
    let pooled = this.pools.get(key);
    if (!pooled) {
      pooled = {
        lastUsed: Date.now(),
        transporter: nodemailer.createTransport({
          pool: true,
          host: destination.host,
          port: destination.port,
          secure: destination.port === 465,
          requireTLS: options.requireTLS,
          auth: options.auth,
          name: options.name,
          maxConnections: TRANSPORT_LIMITS.connectionsPerDestination,
          maxMessages: TRANSPORT_LIMITS.messagesPerConnection,
          connectionTimeout: TRANSPORT_LIMITS.connectTimeoutMs,
          greetingTimeout: TRANSPORT_LIMITS.replyTimeoutMs,
          socketTimeout: TRANSPORT_LIMITS.replyTimeoutMs,
          // Opportunistic TLS as MTAs do: encrypt whatever certificate the host shows.
          tls: { rejectUnauthorized: false },
          logger: false,
        }),
      };
      this.pools.set(key, pooled);
    }
    return pooled;
  }

  private sweep(): void {
    const idleSince = Date.now() - TRANSPORT_LIMITS.destinationIdleMs;
    for (const [key, pooled] of this.pools) {
      if (pooled.lastUsed < idleSince && pooled.transporter.isIdle()) {
        pooled.transporter.close();
        this.pools.delete(key);
      }
    }
  }
}
