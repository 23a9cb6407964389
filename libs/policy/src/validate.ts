// Validation of a policy as it arrives from an admin API body (a plain JSON object), and
// resolution of a partial policy to the full typed EasPolicy. Pure: values in, problems or a
// policy out. Every problem names the setting and says what is allowed.

import { POLICY_LIMITS } from './limits';
import type { SettingDefinition } from './setting-types';
import {
  EAS_POLICY_SETTINGS,
  EAS_POLICY_SETTING_NAMES,
  settingByName,
  type EasPolicy,
  type EasPolicySettingName,
} from './settings';
import {
  SERVER_POLICY_SETTINGS,
  resolveServerPolicy,
  serverSettingByName,
  type ServerPolicy,
  type ServerPolicySettingName,
} from './server-settings';

export type PolicyProblemCode =
  | 'not_an_object'
  | 'too_many_settings'
  | 'unknown_setting'
  | 'wrong_type'
  | 'out_of_range'
  | 'not_allowed_value'
  | 'list_too_long'
  | 'item_wrong_type'
  | 'item_too_long'
  | 'item_invalid'
  | 'item_duplicate';

export interface PolicyProblem {
  readonly code: PolicyProblemCode;
  /** The setting concerned, as sent ('' for a problem with the whole object). */
  readonly setting: string;
  /** What is allowed for this setting, in words. */
  readonly allowed: string;
  /** One sentence naming the setting, what was wrong and what is allowed. */
  readonly message: string;
}

/** A policy body as the admin API may send it: any subset of the settings. */
export type PartialEasPolicy = { -readonly [K in EasPolicySettingName]?: EasPolicy[K] } & {
  -readonly [K in ServerPolicySettingName]?: ServerPolicy[K];
};

/**
 * Checks a policy object against the settings table. Returns [] when valid; otherwise at most
 * POLICY_LIMITS.maxProblems problems, in the order the keys were sent. Missing settings are
 * fine (resolvePolicy fills them); unknown names, wrong types and values outside the
 * setting's range or values are not.
 */
export function validatePolicy(input: unknown): PolicyProblem[] {
  if (!isPlainObject(input)) {
    return [
      problem(
        'not_an_object',
        '',
        'a JSON object of setting names to values',
        `The policy must be an object of setting names to values, not ${describe(input)}.`,
      ),
    ];
  }
  const keys = Object.keys(input);
  if (keys.length > POLICY_LIMITS.maxInputKeys) {
    return [
      problem(
        'too_many_settings',
        '',
        `at most ${POLICY_LIMITS.maxInputKeys} keys`,
        `The policy has ${keys.length} keys; at most ${POLICY_LIMITS.maxInputKeys} are accepted.`,
      ),
    ];
  }
  const problems: PolicyProblem[] = [];
  for (const key of keys) {
    if (problems.length >= POLICY_LIMITS.maxProblems) break;
    const setting = settingByName(key) ?? serverSettingByName(key);
    if (!setting) {
      problems.push(unknownSetting(key));
      continue;
    }
    checkValue(setting, (input as Record<string, unknown>)[key], problems);
  }
  return problems.slice(0, POLICY_LIMITS.maxProblems);
}

/**
 * Fills every setting missing from `partial` with its default (settings.ts). The result has
 * its keys in table order, fresh copies of lists, and is frozen. Call validatePolicy first
 * on untrusted input: this function trusts the values it is given.
 */
export function resolvePolicy(partial: PartialEasPolicy = {}): EasPolicy {
  const out: Record<string, unknown> = {};
  for (const setting of EAS_POLICY_SETTINGS) {
    const given = Object.prototype.hasOwnProperty.call(partial, setting.name)
      ? (partial as Record<string, unknown>)[setting.name]
      : undefined;
    const value = given === undefined ? setting.default : given;
    out[setting.name] = Array.isArray(value) ? Object.freeze([...value]) : value;
  }
  return Object.freeze(out) as EasPolicy;
}

export type ParsePolicyResult =
  | { readonly ok: true; readonly policy: EasPolicy }
  | { readonly ok: false; readonly problems: readonly PolicyProblem[] };

/** validatePolicy then resolvePolicy: the one call an admin API handler needs. */
export function parsePolicy(input: unknown): ParsePolicyResult {
  const problems = validatePolicy(input);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, policy: resolvePolicy(input as PartialEasPolicy) };
}

/** The default policy (every setting at its default). */
export const DEFAULT_EAS_POLICY: EasPolicy = resolvePolicy({});

/**
 * Every setting a stored policy holds, defaults filled in: the EASProvisionDoc settings and
 * the server-applied ones (server-settings.ts). Trusts its input, as resolvePolicy does.
 */
export function resolveAllSettings(partial: PartialEasPolicy = {}): EasPolicy & ServerPolicy {
  return Object.freeze({
    ...resolvePolicy(partial),
    ...resolveServerPolicy(partial as Record<string, unknown>),
  });
}

/** "what is allowed" for a setting, in words (also used in problem messages). */
export function describeAllowed(setting: SettingDefinition): string {
  switch (setting.kind) {
    case 'boolean':
      return 'true or false';
    case 'integer': {
      const range = `a whole number from ${setting.min} to ${setting.max}`;
      return setting.emptyAllowed
        ? `${range}, or null (${setting.emptyMeaning ?? 'empty'})`
        : range;
    }
    case 'enum':
      return `one of ${setting.values.map((v) => `${v.value} (${v.meaning.replace(/\.$/u, '')})`).join(', ')}`;
    case 'stringList':
      return (
        `a list of at most ${setting.maxItems} distinct strings (${setting.itemElement}), each ` +
        `${setting.itemPatternText} of at most ${setting.maxItemLength} characters`
      );
  }
}

function checkValue(setting: SettingDefinition, value: unknown, problems: PolicyProblem[]): void {
  const name = setting.name;
  const allowed = describeAllowed(setting);
  const wrongType = () =>
    problems.push(
      problem('wrong_type', name, allowed, `${name} must be ${allowed}; got ${describe(value)}.`),
    );
  switch (setting.kind) {
    case 'boolean':
      if (typeof value !== 'boolean') wrongType();
      return;
    case 'integer':
      if (value === null && setting.emptyAllowed) return;
      if (typeof value !== 'number' || !Number.isInteger(value)) return void wrongType();
      if (value < setting.min || value > setting.max) {
        problems.push(
          problem('out_of_range', name, allowed, `${name} must be ${allowed}; got ${value}.`),
        );
      }
      return;
    case 'enum':
      if (typeof value !== 'number' || !Number.isInteger(value)) return void wrongType();
      if (!setting.values.some((v) => v.value === value)) {
        problems.push(
          problem('not_allowed_value', name, allowed, `${name} must be ${allowed}; got ${value}.`),
        );
      }
      return;
    case 'stringList':
      checkList(setting, value, allowed, problems);
      return;
  }
}

function checkList(
  setting: Extract<SettingDefinition, { kind: 'stringList' }>,
  value: unknown,
  allowed: string,
  problems: PolicyProblem[],
): void {
  const name = setting.name;
  if (!Array.isArray(value)) {
    problems.push(
      problem('wrong_type', name, allowed, `${name} must be ${allowed}; got ${describe(value)}.`),
    );
    return;
  }
  if (value.length > setting.maxItems) {
    problems.push(
      problem(
        'list_too_long',
        name,
        allowed,
        `${name} has ${value.length} items; at most ${setting.maxItems} are allowed.`,
      ),
    );
    return;
  }
  const seen = new Set<string>();
  for (let i = 0; i < value.length; i++) {
    if (problems.length >= POLICY_LIMITS.maxProblems) return;
    const item: unknown = value[i];
    const at = `${name}[${i}]`;
    if (typeof item !== 'string') {
      problems.push(
        problem('item_wrong_type', name, allowed, `${at} must be a string; got ${describe(item)}.`),
      );
    } else if (item.length > setting.maxItemLength) {
      problems.push(
        problem(
          'item_too_long',
          name,
          allowed,
          `${at} has ${item.length} characters; each ${setting.itemElement} may have at most ${setting.maxItemLength}.`,
        ),
      );
    } else if (!setting.itemPattern.test(item)) {
      problems.push(
        problem(
          'item_invalid',
          name,
          allowed,
          `${at} (${quote(item)}) is not ${setting.itemPatternText}.`,
        ),
      );
    } else if (seen.has(item)) {
      problems.push(
        problem('item_duplicate', name, allowed, `${at} (${quote(item)}) is listed twice.`),
      );
    } else {
      seen.add(item);
    }
  }
}

function unknownSetting(key: string): PolicyProblem {
  const lower = key.toLowerCase();
  const near = [...EAS_POLICY_SETTING_NAMES, ...SERVER_POLICY_SETTINGS.map((s) => s.name)].find(
    (n) => n.toLowerCase() === lower,
  );
  const hint = near ? ` Did you mean ${near}? Setting names are case-sensitive.` : '';
  return problem(
    'unknown_setting',
    key,
    'one of the EASProvisionDoc setting names of MS-ASPROV',
    `${quote(key)} is not an EAS policy setting.${hint}`,
  );
}

function problem(
  code: PolicyProblemCode,
  setting: string,
  allowed: string,
  message: string,
): PolicyProblem {
  return Object.freeze({ code, setting: truncate(setting), allowed, message });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  switch (typeof v) {
    case 'string':
      return `the string ${quote(v)}`;
    case 'number':
      return Number.isFinite(v) ? `the number ${v}` : `${v}`;
    case 'boolean':
      return `${v}`;
    case 'undefined':
      return 'nothing';
    default:
      return `a value of type ${typeof v}`;
  }
}

function quote(s: string): string {
  return JSON.stringify(truncate(s));
}

function truncate(s: string): string {
  const max = POLICY_LIMITS.maxQuotedLength;
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
