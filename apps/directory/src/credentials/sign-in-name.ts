/**
 * The forms a user types as a user name (MS-ASHTTP Basic auth, Exchange): a UPN or SMTP
 * address `alias@domain`, the down-level `DOMAIN\alias`, or a bare alias.
 */
export type SignInName = { kind: 'upn'; upn: string } | { kind: 'alias'; alias: string };

const MAX_LENGTH = 320; // RFC 5321's local part (64) + @ + domain (255)

export function parseSignInName(input: string): SignInName | null {
  const name = input.trim();
  if (name.length === 0 || name.length > MAX_LENGTH || /[\s\p{Cc}]/u.test(name)) return null;
  const backslash = name.lastIndexOf('\\');
  if (backslash >= 0) {
    const alias = name.slice(backslash + 1);
    return alias && !alias.includes('@') ? { kind: 'alias', alias } : null;
  }
  const at = name.indexOf('@');
  if (at >= 0) {
    return at > 0 && at === name.lastIndexOf('@') && at < name.length - 1
      ? { kind: 'upn', upn: name.toLowerCase() }
      : null;
  }
  return { kind: 'alias', alias: name };
}
