import { RpcException } from '@nestjs/microservices';
import { isBusErrorEnvelope, type BusErrorCode, type BusErrorEnvelope } from '@mail/contracts';

/**
 * Thrown by bus handlers and raised to bus callers. Nest's RPC exception filter sends
 * `getError()` (the envelope) across the transport unchanged; any other exception reaches the
 * caller as `internal` and is logged where it happened.
 */
export class BusError extends RpcException {
  constructor(
    readonly code: BusErrorCode,
    message: string,
    readonly temporary = code === 'unavailable' || code === 'timeout',
  ) {
    super({ code, message, temporary } satisfies BusErrorEnvelope);
    this.name = 'BusError';
    this.message = message;
  }

  get envelope(): BusErrorEnvelope {
    return { code: this.code, message: this.message, temporary: this.temporary };
  }

  /** What a caller receives: an envelope from a handler, or Nest's own `{status, message}`. */
  static fromTransport(subject: string, error: unknown): BusError {
    if (error instanceof BusError) return error;
    if (isBusErrorEnvelope(error)) return new BusError(error.code, error.message, error.temporary);
    const message =
      typeof error === 'object' && error !== null && 'message' in error
        ? String(error.message)
        : String(error);
    return new BusError('internal', `${subject}: ${message}`, false);
  }
}

export class BusTimeoutError extends BusError {
  constructor(
    readonly subject: string,
    readonly timeoutMs: number,
  ) {
    super('timeout', `no answer to ${subject} within ${timeoutMs} ms`, true);
    this.name = 'BusTimeoutError';
  }
}

/** The envelope for a request no instance of the owning role is there to take. */
export function noResponder(subject: string): BusErrorEnvelope {
  return { code: 'unavailable', message: `no instance is serving ${subject}`, temporary: true };
}
