/**
 * A `pg` client that runs each parameterised query as a named prepared statement, so that
 * PostgreSQL parses and analyses a statement once per connection rather than on every call, and
 * may plan it once (a generic plan, when that costs no more than planning each call). Profiles
 * of the delivery and Sync loads showed parsing, analysis and planning at about a third of
 * PostgreSQL's CPU time, the statements being the same few dozen texts over and over.
 *
 * Only queries with parameters are named: they already go through the extended protocol, so
 * naming changes nothing else about them (a text without parameters may hold several
 * statements, which cannot be prepared). Each connection keeps what it prepared until it
 * closes, so the number of distinct texts named is bounded: texts built with a variable number
 * of placeholders would otherwise prepare without end. Past the bound, new texts run unnamed,
 * as before.
 */
import { createHash } from 'node:crypto';
import { Client } from 'pg';

/** Distinct statement texts a process names; beyond them, texts run unnamed. */
export const MAX_NAMED_STATEMENTS = 500;

const names = new Map<string, string>();

/** The statement name for a text, or undefined once the bound is reached for new texts. */
export function statementName(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined || names.size >= MAX_NAMED_STATEMENTS) return known;
  // A digest of the text: the same name in every process and on every connection.
  const name = `s${createHash('sha1').update(text).digest('base64url')}`;
  names.set(text, name);
  return name;
}

type QueryArgs = Parameters<Client['query']>;

export class PreparingClient extends Client {
  // @ts-expect-error -- one implementation for pg's overloads; it hands the same arguments on
  override query(...args: QueryArgs) {
    const [text, values, callback] = args as unknown as [unknown, unknown, unknown];
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      const name = statementName(text);
      if (name !== undefined)
        return (super.query as (...a: unknown[]) => unknown)({ name, text, values }, callback);
    }
    return (super.query as (...a: unknown[]) => unknown)(...args);
  }
}
