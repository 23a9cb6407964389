/**
 * Whether a delivered message may be answered automatically (RFC 3834 section 2, and what
 * Exchange honours): never a message with the null reverse-path (a notification), one that is
 * itself automatic (Auto-Submitted other than "no"), bulk or list mail (Precedence bulk, list
 * or junk; any List-* field), one whose sender asked for no out-of-office answer
 * (X-Auto-Response-Suppress OOF or All), mail from a mailer daemon, or mail from the recipient
 * itself.
 */
import { fieldValue, firstValue, type HeaderSection } from '../message/header-section';

const DAEMONS = /^(mailer-daemon|postmaster|nobody|noreply|no-reply|listserv|majordomo)@/i;

export function mayAutoReply(
  section: HeaderSection,
  sender: string,
  recipientAddresses: readonly string[],
): boolean {
  if (sender === '' || DAEMONS.test(sender)) return false;
  const lower = sender.toLowerCase();
  if (recipientAddresses.some((address) => address.toLowerCase() === lower)) return false;
  const autoSubmitted = firstValue(section, 'auto-submitted')?.toLowerCase();
  if (autoSubmitted !== undefined && !autoSubmitted.startsWith('no')) return false;
  const precedence = firstValue(section, 'precedence')?.toLowerCase();
  if (precedence && ['bulk', 'list', 'junk'].includes(precedence)) return false;
  if (section.fields.some((f) => f.name.startsWith('list-'))) return false;
  const suppress = section.fields
    .filter((f) => f.name === 'x-auto-response-suppress')
    .map((f) => fieldValue(f).toLowerCase());
  return !suppress.some((value) => /\b(oof|all)\b/.test(value));
}
