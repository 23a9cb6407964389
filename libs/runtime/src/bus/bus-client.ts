import { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import type { EventSubject, RequestSubject } from '@mail/contracts';
import { BusError, BusTimeoutError } from './bus-error';

/** The part of Nest's ClientProxy the bus uses; each transport's proxy has it. */
export type BusProxy = Pick<ClientProxy, 'send' | 'emit' | 'close'>;

/**
 * What roles use to talk: typed requests with a deadline, and events. Errors arrive as
 * BusError whatever the transport, so callers handle one shape.
 */
export class BusClient {
  private inFlight = 0;
  private readonly waiting: Array<{ go: () => void; fail: (error: BusError) => void }> = [];

  constructor(
    private readonly proxy: BusProxy,
    private readonly defaultTimeoutMs: number,
    private readonly maxInFlight = Infinity,
  ) {}

  /**
   * A client on the same connection that has at most `maxInFlight` requests out at once; the
   * rest wait here, in order, and their deadlines start when they go out. For traffic that
   * devices drive (CAS): when every phone reconnects at once, thousands of requests sent
   * together queue at the far side and the last of them miss their deadlines there, although
   * it keeps answering; metered, each is answered in its turn. Waiting lasts while requests in
   * flight are answered: one that times out, or finds its role unavailable, fails every
   * request waiting, which would only wait for the same.
   */
  admitting(maxInFlight: number): BusClient {
    return new BusClient(this.proxy, this.defaultTimeoutMs, maxInFlight);
  }

  async request<Req, Rep>(
    subject: RequestSubject<Req, Rep>,
    payload: Req,
    options: { timeoutMs?: number } = {},
  ): Promise<Rep> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const turn = this.admit();
    if (turn) await turn;
    let away: BusError | undefined;
    try {
      return await firstValueFrom(
        this.proxy.send<Rep, Req>(subject.subject, payload).pipe(timeout(timeoutMs)),
      );
    } catch (error) {
      const failed =
        error instanceof TimeoutError
          ? new BusTimeoutError(subject.subject, timeoutMs)
          : BusError.fromTransport(subject.subject, error);
      // A caller's own shorter deadline says nothing of the far side.
      const missed = failed.code === 'timeout' && timeoutMs >= this.defaultTimeoutMs;
      if (missed || failed.code === 'unavailable') away = failed;
      throw failed;
    } finally {
      this.release(away);
    }
  }

  /** Nothing when a slot is free (no wait on the usual path), else the wait for one. */
  private admit(): Promise<void> | undefined {
    if (this.inFlight < this.maxInFlight) {
      this.inFlight++;
      return undefined;
    }
    return new Promise((go, fail) => this.waiting.push({ go, fail }));
  }

  /** Hands the slot to the next request waiting, or frees it; `away` fails all that wait. */
  private release(away: BusError | undefined): void {
    if (away) {
      const reason = `not sent: ${away.message}`;
      for (const waiter of this.waiting.splice(0)) waiter.fail(new BusError('unavailable', reason));
    }
    const next = this.waiting.shift();
    if (next) next.go();
    else this.inFlight--;
  }

  async emit<Payload>(subject: EventSubject<Payload>, payload: Payload): Promise<void> {
    await firstValueFrom(this.proxy.emit(subject.subject, payload), { defaultValue: undefined });
  }

  async close(): Promise<void> {
    await this.proxy.close();
  }
}
