/**
 * A user's mobile device mailbox policy as one device sees it: the settings (trusted: the
 * directory resolved them), the server-applied settings, and the policy keys for the device's
 * protocol version. With a DevicePolicyRefreshInterval, keys belong to a refresh period; each
 * device's periods start at an offset of its own (from its id), so devices do not all
 * re-provision in the same minute.
 */
import type { EffectivePolicy } from '@mail/contracts';
import {
  policyKeys,
  resolvePolicy,
  resolveServerPolicy,
  type EasPolicy,
  type PartialEasPolicy,
  type PolicyKeys,
  type ServerPolicy,
} from '@mail/policy';
import type { ProtocolVersion } from '../protocol';

export interface DevicePolicy {
  name: string;
  settings: EasPolicy;
  server: ServerPolicy;
  /** Keys for this device now. */
  keys: PolicyKeys;
}

const HOUR_MS = 3_600_000;

/** A stable number from a device id, spreading refresh periods over the interval. */
function spread(deviceId: string): number {
  let hash = 0;
  for (let i = 0; i < deviceId.length; i++)
    hash = (Math.imul(hash, 31) + deviceId.charCodeAt(i)) >>> 0;
  return hash;
}

export function refreshPeriod(intervalHours: number | null, deviceId: string, now: number): number {
  if (intervalHours === null) return 0;
  const length = intervalHours * HOUR_MS;
  return Math.floor((now + (spread(deviceId) % length)) / length) + 1;
}

/**
 * Device policies already worked out, by (policy name and version, protocol version, period):
 * every request of every device needs one, and they repeat.
 */
const KNOWN = new Map<string, DevicePolicy>();
const MAX_KNOWN = 1024;

export function devicePolicy(
  effective: EffectivePolicy,
  version: ProtocolVersion,
  deviceId: string,
  now: number,
): DevicePolicy {
  const interval = effective.settings.DevicePolicyRefreshInterval;
  const period = refreshPeriod(typeof interval === 'number' ? interval : null, deviceId, now);
  const id = `${effective.name}\n${effective.updatedAt}\n${version}\n${period}`;
  const known = KNOWN.get(id);
  if (known) return known;
  const settings = resolvePolicy(effective.settings as PartialEasPolicy);
  const policy: DevicePolicy = {
    name: effective.name,
    settings,
    server: resolveServerPolicy(effective.settings),
    keys: policyKeys(settings, version, period),
  };
  if (KNOWN.size >= MAX_KNOWN) KNOWN.clear();
  KNOWN.set(id, policy);
  return policy;
}
