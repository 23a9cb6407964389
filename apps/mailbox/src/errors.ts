import { BusError } from '@mail/runtime';

/** The mailbox role's refusals, as the bus carries them. */
export const notFound = (what: string) => new BusError('not-found', `${what} not found`);
export const conflict = (message: string) => new BusError('conflict', message);
export const badRequest = (message: string) => new BusError('bad-request', message);
