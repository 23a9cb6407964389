// Policy keys ([MS-ASPROV] 2.2.2.42): 32-bit unsigned numbers, as strings, that name the
// policy a device has applied. A key is a hash of the canonical policy string for the device's
// protocol version (settings-for-version.ts), so it changes exactly when a setting that version
// carries changes: a 12.0 client's key ignores 12.1-only settings and it never re-provisions
// in a loop. The temporary key of the download phase is derived from the final one, so the
// acknowledgement can be checked without keeping state. `period` makes keys expire: the caller
// passes the number of the device's current refresh period (0 when keys never expire).
//
// FNV-1a is enough here: a key is not a secret, only a version stamp that must change when the
// policy does; a collision would at worst spare one device one re-provisioning.

import type { ProtocolVersion } from './setting-types';
import type { EasPolicy } from './settings';
import { canonicalPolicyString } from './settings-for-version';

export interface PolicyKeys {
  /** The key a device sends once it has acknowledged the policy (X-MS-PolicyKey). */
  readonly final: string;
  /** The key of the download phase, which the device sends back in its acknowledgement. */
  readonly temporary: string;
}

/** FNV-1a, 32 bits, over UTF-16 code units (canonical strings are ASCII JSON in practice). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** 0 means "no policy" to a device (it is the initial key), so a key is never 0. */
const nonZero = (n: number) => (n === 0 ? 1 : n);

export function policyKeys(policy: EasPolicy, version: ProtocolVersion, period = 0): PolicyKeys {
  const final = nonZero(fnv1a(`${canonicalPolicyString(policy, version)} period=${period}`));
  let temporary = nonZero(fnv1a(`temporary ${final}`));
  if (temporary === final) temporary = nonZero((temporary + 1) >>> 0);
  return { final: String(final), temporary: String(temporary) };
}
