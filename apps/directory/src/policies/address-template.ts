/**
 * Email address policy templates (Exchange's EmailAddressPolicy): parse `SMTP:%g.%s@contoso.com`
 * into parts, and expand the parts for one person. Pure: no I/O.
 *
 * Placeholders: %g given name, %s surname, %m alias, %i initials, %d display name; `%<n>x`
 * takes the first n characters. Values are folded to ASCII (NFD, marks dropped), lower-cased,
 * and stripped of every character a dot-atom local part cannot hold.
 */
import { DOMAIN_NAME } from '@mail/contracts';

export type Placeholder = 'g' | 's' | 'm' | 'i' | 'd';
type Part = { literal: string } | { placeholder: Placeholder; length?: number };

export interface AddressTemplate {
  /** The template as written, with Exchange's `SMTP:`/`smtp:` prefix normalized. */
  text: string;
  /** Written `SMTP:`; undefined when the template had no prefix. */
  reply?: boolean;
  parts: Part[];
  domain: string;
}

export interface Person {
  alias: string;
  displayName: string;
  givenName?: string | null;
  surname?: string | null;
}

const ATOM_CHAR = /[a-z0-9!#$%&'*+/=?^_`{|}~.-]/;
const NOT_ATOM_CHAR = /[^a-z0-9!#$%&'*+/=?^_`{|}~.-]/g;
const PLACEHOLDER = /^%(\d{1,2})?([gsmid])/;

/** Parses one template; throws an Error whose message says what is wrong. */
export function parseTemplate(written: string): AddressTemplate {
  const prefix = /^(smtp):/i.exec(written);
  if (prefix && prefix[1] !== 'SMTP' && prefix[1] !== 'smtp')
    throw new Error(`${written}: write the prefix as SMTP: (reply address) or smtp:`);
  const body = prefix ? written.slice(5) : written;
  const at = body.lastIndexOf('@');
  if (at <= 0) throw new Error(`${written}: must be local-part@domain, such as %g.%s@contoso.com`);
  const domain = body.slice(at + 1).toLowerCase();
  if (!DOMAIN_NAME.test(domain)) throw new Error(`${written}: ${domain} is not a domain name`);
  const parts: Part[] = [];
  const local = body.slice(0, at);
  for (let i = 0; i < local.length;) {
    if (local[i] === '%') {
      const match = PLACEHOLDER.exec(local.slice(i));
      if (!match)
        throw new Error(
          `${written}: unknown placeholder at "${local.slice(i, i + 4)}"; use %g %s %m %i %d or %<n>g etc.`,
        );
      const length = match[1] === undefined ? undefined : Number(match[1]);
      if (length === 0) throw new Error(`${written}: %0${match[2]} would always be empty`);
      parts.push({ placeholder: match[2] as Placeholder, length });
      i += match[0].length;
      continue;
    }
    const char = local[i].toLowerCase();
    if (!ATOM_CHAR.test(char))
      throw new Error(`${written}: "${local[i]}" cannot appear in an email address`);
    parts.push({ literal: char });
    i++;
  }
  if (!parts.some((p) => 'placeholder' in p))
    throw new Error(`${written}: has no placeholder, so every mailbox would get the same address`);
  const reply = prefix ? prefix[1] === 'SMTP' : undefined;
  return { text: `${reply ? 'SMTP' : 'smtp'}:${local}@${domain}`, reply, parts, domain };
}

/**
 * Parses a policy's templates and picks the reply template: the one written `SMTP:`, else the
 * first. Returns them reply first (Exchange's order).
 */
export function parseTemplates(written: string[]): AddressTemplate[] {
  const templates = written.map((text, index) => {
    try {
      return parseTemplate(text);
    } catch (error) {
      throw new Error(`templates[${index}]: ${(error as Error).message}`);
    }
  });
  const explicit = templates.filter((t) => t.reply);
  if (explicit.length > 1)
    throw new Error('templates: only one template may be the reply address (SMTP:)');
  const reply = explicit[0] ?? templates[0];
  const rest = templates.filter((t) => t !== reply);
  return [
    { ...reply, reply: true, text: `SMTP:${reply.text.slice(5)}` },
    ...rest.map((t) => ({ ...t, reply: false, text: `smtp:${t.text.slice(5)}` })),
  ];
}

/** ASCII-folded, lower-cased, and only characters a local part may hold. */
export function foldForAddress(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(NOT_ATOM_CHAR, '');
}

/** Our directory has no Initials attribute: the first letter of each word of the display name. */
function initials(displayName: string): string {
  return displayName
    .split(/\s+/)
    .map((word) => foldForAddress(word).charAt(0))
    .join('');
}

function valueOf(placeholder: Placeholder, person: Person): string {
  switch (placeholder) {
    case 'g':
      return foldForAddress(person.givenName ?? '');
    case 's':
      return foldForAddress(person.surname ?? '');
    case 'm':
      return foldForAddress(person.alias);
    case 'i':
      return initials(person.displayName);
    case 'd':
      return foldForAddress(person.displayName);
  }
}

const LOCAL_PART = /^(?=.{1,64}$)[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/**
 * The address a template gives a person, or null when a placeholder it uses is empty for them
 * (a half-built address like `.lee@` or `pat.@` is worse than none) or the result is not a
 * valid local part.
 */
export function expandTemplate(template: AddressTemplate, person: Person): string | null {
  let local = '';
  for (const part of template.parts) {
    if ('literal' in part) {
      local += part.literal;
      continue;
    }
    const value = valueOf(part.placeholder, person).slice(0, part.length);
    if (!value) return null;
    local += value;
  }
  // Dots from folded values (a display name "J. Smith") must still make a dot-atom.
  local = local.replace(/\.{2,}/g, '.').replace(/^\.+|\.+$/g, '');
  return LOCAL_PART.test(local) ? `${local}@${template.domain}` : null;
}
