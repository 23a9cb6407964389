/**
 * How subjects appear on the wire. A prefix isolates one deployment (or one test run) from
 * another on a shared NATS; requests are spread over a role's instances by a queue group named
 * after the role that owns the subject, while events reach every subscriber.
 */
import { ownerOfSubject } from '@mail/contracts';

export function wireSubject(prefix: string | undefined, subject: string): string {
  return prefix ? `${prefix}.${subject}` : subject;
}

export function queueGroup(prefix: string | undefined, subject: string): string {
  return wireSubject(prefix, ownerOfSubject(subject));
}

/**
 * The handler route of a subject. Nest JSON-parses every incoming pattern to allow object
 * patterns; ours are plain subjects, and parsing one throws, which cost some 7 microseconds
 * (the exception and its stack) on every message a role received.
 */
export function routeOf(pattern: string, parsed: (pattern: string) => string): string {
  return pattern.startsWith('{') ? parsed(pattern) : pattern;
}
