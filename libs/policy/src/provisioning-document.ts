// The policy document a Provision response carries in Policy/Data ([MS-ASPROV] 2.2.2.24):
// for 12.0 and later an EASProvisionDoc element with exactly the settings the version carries,
// in schema order; for 2.5 the MS-WAP-Provisioning-XML text (wap-provisioning.ts).

import { el, type WbxmlElement } from '@mail/wbxml';
import type { ProtocolVersion } from './setting-types';
import { settingByName, type EasPolicy } from './settings';
import { settingsForVersion } from './settings-for-version';
import { WAP_PROVISIONING_POLICY_TYPE, wapProvisioningDocument } from './wap-provisioning';

/** PolicyType of the EASProvisionDoc ([MS-ASPROV] 2.2.2.43), for 12.0 and later. */
export const EAS_PROVISIONING_POLICY_TYPE = 'MS-EAS-Provisioning-WBXML';

const NS = 'Provision';

/** The PolicyType a client of `version` asks for and receives. */
export function policyTypeFor(version: ProtocolVersion): string {
  return version === '2.5' ? WAP_PROVISIONING_POLICY_TYPE : EAS_PROVISIONING_POLICY_TYPE;
}

/** One setting as its EASProvisionDoc child: booleans 0/1, null as the empty element. */
function settingElement(name: string, value: unknown): WbxmlElement {
  const setting = settingByName(name)!;
  if (setting.kind === 'stringList') {
    const items = (value as readonly string[] | undefined) ?? [];
    return el(
      NS,
      name,
      items.length === 0 ? null : items.map((item) => el(NS, setting.itemElement, item)),
    );
  }
  const resolved = value === undefined ? setting.default : value;
  return el(NS, name, resolved === null ? null : wire(resolved));
}

function wire(value: unknown): string {
  return typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
}

/** The EASProvisionDoc for a client of `version` (12.0 or later). */
export function easProvisionDoc(policy: EasPolicy, version: ProtocolVersion): WbxmlElement {
  if (version === '2.5') throw new RangeError('protocol 2.5 gets the WAP provisioning document');
  const values = policy as Readonly<Record<string, unknown>>;
  return el(
    NS,
    'EASProvisionDoc',
    settingsForVersion(version).map((name) => settingElement(name, values[name])),
  );
}

/** The content of Policy/Data for a client of `version`: an element, or text for 2.5. */
export function policyData(policy: EasPolicy, version: ProtocolVersion): WbxmlElement[] | string {
  return version === '2.5' ? wapProvisioningDocument(policy) : [easProvisionDoc(policy, version)];
}
