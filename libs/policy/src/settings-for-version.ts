// Which settings each protocol version carries, and the canonical serialization of a policy
// for a version that callers hash into a policy key. A key must be computed over exactly the
// settings a client receives: if a 12.0 client's key covered AllowBluetooth (12.1+), changing
// AllowBluetooth would change its key, it would re-provision, receive the same document and
// loop. Hashing is the caller's job (this library does no crypto and no I/O).

import { PROTOCOL_VERSIONS, type ProtocolVersion } from './setting-types';
import {
  EAS_POLICY_SETTINGS,
  settingByName,
  type EasPolicy,
  type EasPolicySettingName,
} from './settings';
import { WAP_PROVISIONING_PARMS } from './wap-provisioning';

/** Prefix of every canonical string; bump it when the canonical form changes. */
export const CANONICAL_POLICY_FORMAT = 'eas-policy/1';

export function isProtocolVersion(v: string): v is ProtocolVersion {
  return (PROTOCOL_VERSIONS as readonly string[]).includes(v);
}

const forVersion = new Map<ProtocolVersion, readonly EasPolicySettingName[]>(
  PROTOCOL_VERSIONS.map((v) => [v, Object.freeze(computeSettingsFor(v))]),
);

function computeSettingsFor(version: ProtocolVersion): EasPolicySettingName[] {
  if (version === '2.5') {
    // 2.5 gets the WAP provisioning document: the settings its parms derive from.
    const used = new Set<string>(WAP_PROVISIONING_PARMS.flatMap((p) => p.from));
    return EAS_POLICY_SETTINGS.filter((s) => used.has(s.name)).map((s) => s.name);
  }
  return EAS_POLICY_SETTINGS.filter((s) => s.versions.includes(version)).map((s) => s.name);
}

/**
 * The settings a client of `version` receives, in table (schema) order. For 12.0 and later
 * these are the EASProvisionDoc children the version carries; for 2.5, the settings the
 * MS-WAP-Provisioning-XML parms are derived from.
 */
export function settingsForVersion(version: ProtocolVersion): readonly EasPolicySettingName[] {
  const names = forVersion.get(version);
  if (!names) throw new RangeError(`Unknown EAS protocol version ${JSON.stringify(version)}`);
  return names;
}

/** Whether a client of `version` receives `setting`. */
export function versionCarries(version: ProtocolVersion, setting: EasPolicySettingName): boolean {
  return settingsForVersion(version).includes(setting);
}

/**
 * A stable string for `policy` as seen by a client of `version`: only that version's
 * settings, keys sorted by UTF-16 code unit (not locale), lists sorted (their order has no
 * meaning), JSON values (`null` is the empty element). Equal for any two policies that send a
 * client of this version the same settings, whatever order their keys were built in; versions
 * that carry the same settings (14.0..16.1) get the same string, so a client that moves
 * between them keeps its key. Hash it (e.g. SHA-256) to get a policy key.
 */
export function canonicalPolicyString(policy: EasPolicy, version: ProtocolVersion): string {
  const names = [...settingsForVersion(version)].sort(compareCodeUnits);
  const parts = names.map((name) => {
    const value = canonicalValue(name, (policy as Record<string, unknown>)[name]);
    return `${JSON.stringify(name)}:${JSON.stringify(value)}`;
  });
  return `${CANONICAL_POLICY_FORMAT} {${parts.join(',')}}`;
}

function canonicalValue(name: EasPolicySettingName, value: unknown): unknown {
  const setting = settingByName(name);
  if (value === undefined) {
    // A policy that skipped resolvePolicy: use the default, so the key still matches.
    return setting?.default ?? null;
  }
  if (Array.isArray(value)) return [...(value as string[])].sort(compareCodeUnits);
  return value;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
