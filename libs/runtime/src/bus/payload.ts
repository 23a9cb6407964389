import type { ZodType } from 'zod';
import { BusError } from './bus-error';

/**
 * Checks a payload against its contract schema at the handler: what arrives on the bus came
 * from outside somewhere (an admin API body, a device), so it is validated where it is used.
 * A failure is `bad-request` naming each field and what it must be.
 */
export function parsePayload<T>(schema: ZodType<T>, payload: unknown): T {
  const result = schema.safeParse(payload ?? {});
  if (result.success) return result.data;
  throw new BusError(
    'bad-request',
    result.error.issues
      .slice(0, 10)
      .map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`)
      .join('; '),
  );
}
