/**
 * The only error shape that crosses the bus: a code from a closed set, a message safe to log
 * and show an administrator, and whether retrying later may succeed. Each edge (EAS, SMTP,
 * LDAP, admin API) maps codes to its own protocol's errors.
 */
export const BUS_ERROR_CODES = [
  'bad-request', // the payload does not satisfy the contract
  'not-found',
  'conflict',
  'forbidden',
  'unavailable', // the handling role cannot serve now (its storage is down, it is starting)
  'timeout', // no answer within the caller's deadline
  'internal', // a fault in the handler; details are in the handler's log, not here
] as const;

export type BusErrorCode = (typeof BUS_ERROR_CODES)[number];

export interface BusErrorEnvelope {
  code: BusErrorCode;
  message: string;
  temporary: boolean;
}

export function isBusErrorEnvelope(value: unknown): value is BusErrorEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<BusErrorEnvelope>;
  return (
    typeof candidate.code === 'string' &&
    (BUS_ERROR_CODES as readonly string[]).includes(candidate.code) &&
    typeof candidate.message === 'string' &&
    typeof candidate.temporary === 'boolean'
  );
}
