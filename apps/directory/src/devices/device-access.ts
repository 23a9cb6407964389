/**
 * Which access a device gets, in Exchange's order: an administrator's decision for this very
 * device; else a device access rule on its model, then one on its type (a model is the more
 * specific of the two, so it wins); else the organization's default access level. Until a
 * device has told its model, model rules cannot be judged, so it stays in DeviceDiscovery.
 */
import type {
  DeviceAccessLevel,
  DeviceAccessRule,
  DeviceAccessState,
  DeviceAccessStateReason,
} from '@mail/contracts';

export interface AccessDecision {
  accessState: DeviceAccessState;
  accessStateReason: DeviceAccessStateReason;
}

const STATE_OF: Record<DeviceAccessLevel, DeviceAccessState> = {
  Allow: 'Allowed',
  Block: 'Blocked',
  Quarantine: 'Quarantined',
};

export function evaluateAccess(
  device: { deviceType: string; deviceModel: string | null },
  individual: DeviceAccessLevel | null,
  rules: DeviceAccessRule[],
  defaultAccessLevel: DeviceAccessLevel,
): AccessDecision {
  if (individual) return { accessState: STATE_OF[individual], accessStateReason: 'Individual' };
  const matching = (characteristic: DeviceAccessRule['characteristic'], value: string | null) =>
    value === null
      ? undefined
      : rules.find(
          (rule) =>
            rule.characteristic === characteristic &&
            rule.queryString.toLowerCase() === value.toLowerCase(),
        );
  const modelRules = rules.some((rule) => rule.characteristic === 'DeviceModel');
  if (device.deviceModel === null && modelRules)
    return { accessState: 'DeviceDiscovery', accessStateReason: 'Global' };
  const rule =
    matching('DeviceModel', device.deviceModel) ?? matching('DeviceType', device.deviceType);
  if (rule) return { accessState: STATE_OF[rule.accessLevel], accessStateReason: 'DeviceRule' };
  return { accessState: STATE_OF[defaultAccessLevel], accessStateReason: 'Global' };
}
