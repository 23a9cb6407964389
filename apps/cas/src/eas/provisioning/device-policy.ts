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

/** Computed keys for (policy version, protocol version, period), which repeat a lot. */
const KEYS = new Map<string, PolicyKeys>();
const MAX_KEYS = 1024;

export function devicePolicy(
  effective: EffectivePolicy,
  version: ProtocolVersion,
  deviceId: string,
  now: number,
): DevicePolicy {
  const settings = resolvePolicy(effective.settings as PartialEasPolicy);
  const server = resolveServerPolicy(effective.settings);
  const period = refreshPeriod(server.DevicePolicyRefreshInterval, deviceId, now);
  const id = `${effective.name}\n${effective.updatedAt}\n${version}\n${period}`;
  let keys = KEYS.get(id);
  if (!keys) {
    if (KEYS.size >= MAX_KEYS) KEYS.clear();
    KEYS.set(id, (keys = policyKeys(settings, version, period)));
  }
  return { name: effective.name, settings, server, keys };
}
