/**
 * A request subject with its payload and reply types, or an event subject with its payload.
 * Subjects are `<role>.<noun>.<verb>` for requests and `<role>.<noun>.<past>` for events
 * (STYLE.md); the first segment names the role that answers requests, which is also the NATS
 * queue group that spreads them over that role's instances.
 */
import type { RoleName } from '../roles';

export interface RequestSubject<Req, Rep> {
  readonly kind: 'request';
  readonly subject: string;
  readonly owner: RoleName;
  /** Phantom fields: they exist only for the type checker. */
  readonly _request?: Req;
  readonly _reply?: Rep;
}

export interface EventSubject<Payload> {
  readonly kind: 'event';
  readonly subject: string;
  readonly owner: RoleName;
  readonly _payload?: Payload;
}

export function request<Req, Rep>(
  owner: RoleName,
  noun: string,
  verb: string,
): RequestSubject<Req, Rep> {
  return { kind: 'request', subject: `${owner}.${noun}.${verb}`, owner };
}

export function event<Payload>(owner: RoleName, noun: string, past: string): EventSubject<Payload> {
  return { kind: 'event', subject: `${owner}.${noun}.${past}`, owner };
}

/** The role that owns a subject string: its first segment. */
export function ownerOfSubject(subject: string): string {
  const dot = subject.indexOf('.');
  return dot < 0 ? subject : subject.slice(0, dot);
}
