// Settings of a mobile device mailbox policy that the server applies and never sends to a
// device: whether devices that cannot (or will not) apply the policy may sync, and how often a
// device must fetch the policy again. They are Exchange's Set-MobileDeviceMailboxPolicy
// parameters of the same names; MS-ASPROV has no element for them, so no protocol version
// carries them and they are outside every policy key (settings-for-version.ts).

import { booleanSetting, integerSetting, type SettingDefinition } from './setting-types';

const NOT_SENT = 'not an EASProvisionDoc element: applied by the server';

export const SERVER_POLICY_SETTINGS = [
  // unconfirmed: Exchange's default for AllowNonProvisionableDevices was not re-checked; false
  // is the safe choice (a device must provision).
  booleanSetting('AllowNonProvisionableDevices', {
    section: NOT_SENT,
    summary:
      'Whether devices that send no policy key, or acknowledge a policy only in part (Policy ' +
      'Status 2, 3 or 4), may sync anyway.',
    versions: [],
    meanings: {
      false: 'Such devices are refused (Provision Status 139/145, or asked to provision).',
      true: 'Such devices may sync.',
    },
    default: false,
    defaultSource: 'exchange',
    unconfirmed: "Exchange's default not re-checked",
  }),
  integerSetting('DevicePolicyRefreshInterval', {
    section: NOT_SENT,
    summary: 'Hours after which a device must provision again, even if the policy is unchanged.',
    versions: [],
    wireType: 'unsignedIntOrEmpty',
    min: 1,
    max: 8760,
    unit: 'hours',
    emptyAllowed: true,
    emptyMeaning: 'Never: a device provisions again only when its policy changes.',
    default: null,
    defaultSource: 'exchange',
  }),
] as const satisfies readonly SettingDefinition[];

export type ServerPolicySettingName = (typeof SERVER_POLICY_SETTINGS)[number]['name'];

/** The server-applied settings of a policy, resolved. */
export interface ServerPolicy {
  readonly AllowNonProvisionableDevices: boolean;
  /** Hours; null: never. */
  readonly DevicePolicyRefreshInterval: number | null;
}

const byName = new Map<string, SettingDefinition>(SERVER_POLICY_SETTINGS.map((s) => [s.name, s]));

export function serverSettingByName(name: string): SettingDefinition | undefined {
  return byName.get(name);
}

/** The server settings of a stored policy (any other keys ignored), defaults filled in. */
export function resolveServerPolicy(settings: Readonly<Record<string, unknown>>): ServerPolicy {
  const allow = settings.AllowNonProvisionableDevices;
  const refresh = settings.DevicePolicyRefreshInterval;
  return Object.freeze({
    AllowNonProvisionableDevices: typeof allow === 'boolean' ? allow : false,
    DevicePolicyRefreshInterval: typeof refresh === 'number' ? refresh : null,
  });
}
