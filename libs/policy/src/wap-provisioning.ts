// The protocol 2.5 form of a policy: the MS-WAP-Provisioning-XML document carried as a string
// in Provision's Data element ([MS-ASPROV] 2.2.2.24.2, PolicyType "MS-WAP-Provisioning-XML").
// MS-ASPROV describes a wap-provisioningdoc with two top-level characteristics, "SecurityPolicy"
// and "Registry", whose nested characteristics are registry keys and whose parm elements carry
// the few settings 2.5 devices support. Each parm is listed here with the settings of our table
// it is derived from, so the 2.5 policy key covers exactly those settings.
//
// unconfirmed: the 2.2.2.24.2 page was only partly readable when this was written. Names and
// characteristic paths match that page's description and the 2.5 documents of independent EAS
// implementations (server and client); the value conventions (4131: 0 = password required;
// PasswordComplexity: 0 = alphanumeric, 2 = simple PIN; AEFrequencyValue in minutes) come from
// those implementations, and CodewordFrequency's derivation is ours.

import type { EasPolicy, EasPolicySettingName } from './settings';

export const WAP_PROVISIONING_POLICY_TYPE = 'MS-WAP-Provisioning-XML';

const LASSD = 'HKLM\\Comm\\Security\\Policy\\LASSD';
const AE_KEY = `${LASSD}\\AE\\{50C13377-C66D-400C-889E-C316FC4AB374}`;
const LAP_PW = `${LASSD}\\LAP\\lap_pw`;

/** At this many seconds or more, MaxInactivityTimeDeviceLock means "unlimited" (2.2.2.36). */
const INACTIVITY_UNLIMITED_SECONDS = 9999;

export interface WapParmDefinition {
  /** Characteristic types from the top-level one down: ['Registry', '<key>']. */
  readonly characteristic: readonly string[];
  /** The parm's name attribute. */
  readonly parm: string;
  /** Settings of our table whose values decide this parm. */
  readonly from: readonly EasPolicySettingName[];
  readonly meaning: string;
  /** The value attribute for a policy, or undefined to leave the parm out. */
  readonly derive: (policy: EasPolicy) => string | undefined;
}

/** Registry parms are sent only when a device password is required. */
function whenPassword(policy: EasPolicy, value: () => string | undefined): string | undefined {
  return policy.DevicePasswordEnabled ? value() : undefined;
}

function inactivityLocks(policy: EasPolicy): boolean {
  const s = policy.MaxInactivityTimeDeviceLock;
  return s !== null && s < INACTIVITY_UNLIMITED_SECONDS;
}

export const WAP_PROVISIONING_PARMS: readonly WapParmDefinition[] = Object.freeze([
  {
    characteristic: ['SecurityPolicy'],
    parm: '4131',
    from: ['DevicePasswordEnabled'],
    meaning: 'Device password policy: 0 = a password is required, 1 = not required.',
    derive: (p) => (p.DevicePasswordEnabled ? '0' : '1'),
  },
  {
    characteristic: ['Registry', AE_KEY],
    parm: 'AEFrequencyType',
    from: ['DevicePasswordEnabled', 'MaxInactivityTimeDeviceLock'],
    meaning: 'Inactivity lock: 0 = none, 1 = lock after AEFrequencyValue minutes of inactivity.',
    derive: (p) => whenPassword(p, () => (inactivityLocks(p) ? '1' : '0')),
  },
  {
    characteristic: ['Registry', AE_KEY],
    parm: 'AEFrequencyValue',
    from: ['DevicePasswordEnabled', 'MaxInactivityTimeDeviceLock'],
    meaning: 'Minutes of inactivity before the device locks (seconds rounded up, at least 1).',
    derive: (p) =>
      whenPassword(p, () =>
        inactivityLocks(p)
          ? String(Math.max(1, Math.ceil((p.MaxInactivityTimeDeviceLock ?? 0) / 60)))
          : undefined,
      ),
  },
  {
    characteristic: ['Registry', LASSD],
    parm: 'DeviceWipeThreshold',
    from: ['DevicePasswordEnabled', 'MaxDevicePasswordFailedAttempts'],
    meaning: 'Failed password attempts before the device is wiped.',
    derive: (p) => whenPassword(p, () => nullableString(p.MaxDevicePasswordFailedAttempts)),
  },
  {
    characteristic: ['Registry', LASSD],
    parm: 'CodewordFrequency',
    from: ['DevicePasswordEnabled', 'MaxDevicePasswordFailedAttempts'],
    meaning:
      'Failed attempts before the device asks the user to type a codeword (half the wipe threshold).',
    derive: (p) =>
      whenPassword(p, () => {
        const n = p.MaxDevicePasswordFailedAttempts;
        return n === null ? undefined : String(Math.floor(n / 2));
      }),
  },
  {
    characteristic: ['Registry', LAP_PW],
    parm: 'MinimumPasswordLength',
    from: ['DevicePasswordEnabled', 'MinDevicePasswordLength'],
    meaning: 'Minimum password length.',
    derive: (p) => whenPassword(p, () => nullableString(p.MinDevicePasswordLength)),
  },
  {
    characteristic: ['Registry', LAP_PW],
    parm: 'PasswordComplexity',
    from: ['DevicePasswordEnabled', 'AlphanumericDevicePasswordRequired'],
    meaning: 'Password complexity: 0 = alphanumeric required, 2 = a simple PIN is enough.',
    derive: (p) => whenPassword(p, () => (p.AlphanumericDevicePasswordRequired ? '0' : '2')),
  },
]);

export interface WapParmValue {
  readonly characteristic: readonly string[];
  readonly parm: string;
  readonly value: string;
}

/** The parms a 2.5 device gets for a policy, in document order (unset ones left out). */
export function wapProvisioningParms(policy: EasPolicy): WapParmValue[] {
  const out: WapParmValue[] = [];
  for (const def of WAP_PROVISIONING_PARMS) {
    const value = def.derive(policy);
    if (value !== undefined)
      out.push({ characteristic: def.characteristic, parm: def.parm, value });
  }
  return out;
}

function nullableString(n: number | null): string | undefined {
  return n === null ? undefined : String(n);
}

const escapeAttribute = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * The wap-provisioningdoc text for a policy: parms grouped under their characteristics, in
 * the order WAP_PROVISIONING_PARMS first names each characteristic.
 */
export function wapProvisioningDocument(policy: EasPolicy): string {
  interface Node {
    type: string;
    parms: WapParmValue[];
    children: Node[];
  }
  const root: Node = { type: '', parms: [], children: [] };
  for (const parm of wapProvisioningParms(policy)) {
    let node = root;
    for (const type of parm.characteristic) {
      let child = node.children.find((c) => c.type === type);
      if (!child) node.children.push((child = { type, parms: [], children: [] }));
      node = child;
    }
    node.parms.push(parm);
  }
  const write = (node: Node): string =>
    `<characteristic type="${escapeAttribute(node.type)}">` +
    node.parms
      .map((p) => `<parm name="${escapeAttribute(p.parm)}" value="${escapeAttribute(p.value)}"/>`)
      .join('') +
    node.children.map(write).join('') +
    '</characteristic>';
  return `<wap-provisioningdoc>${root.children.map(write).join('')}</wap-provisioningdoc>`;
}
