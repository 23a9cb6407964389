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
  constructor(
    private readonly proxy: BusProxy,
    private readonly defaultTimeoutMs: number,
  ) {}

  async request<Req, Rep>(
    subject: RequestSubject<Req, Rep>,
    payload: Req,
    options: { timeoutMs?: number } = {},
  ): Promise<Rep> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    try {
      return await firstValueFrom(
        this.proxy.send<Rep, Req>(subject.subject, payload).pipe(timeout(timeoutMs)),
      );
    } catch (error) {
      if (error instanceof TimeoutError) throw new BusTimeoutError(subject.subject, timeoutMs);
      throw BusError.fromTransport(subject.subject, error);
    }
  }

  async emit<Payload>(subject: EventSubject<Payload>, payload: Payload): Promise<void> {
    await firstValueFrom(this.proxy.emit(subject.subject, payload), { defaultValue: undefined });
  }

  async close(): Promise<void> {
    await this.proxy.close();
  }
}
