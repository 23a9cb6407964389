/**
 * The forms of a Provision request (MS-ASPROV 3.1.5.1): the download of the policy, its
 * acknowledgement with the temporary PolicyKey and the device's Status, the acknowledgement of
 * a (whole or account-only) remote wipe, or an empty Provision sent after Status 140. Any of
 * them may carry settings:DeviceInformation (14.1+).
 */
import type { z } from 'zod';
import type { DeviceReportRequest } from '@mail/contracts';
import type { WbxmlElement } from '@mail/wbxml';
import { children, childText, EasProtocolError } from '../command';

const NS = 'Provision';

/** What a device says about itself (MS-ASCMD 2.2.3.56, Settings DeviceInformation/Set). */
export type DeviceInformation = Pick<
  z.input<typeof DeviceReportRequest>,
  | 'model'
  | 'imei'
  | 'friendlyName'
  | 'os'
  | 'osLanguage'
  | 'phoneNumber'
  | 'mobileOperator'
  | 'userAgent'
>;

const INFORMATION_FIELDS: Array<[string, keyof DeviceInformation]> = [
  ['Model', 'model'],
  ['IMEI', 'imei'],
  ['FriendlyName', 'friendlyName'],
  ['OS', 'os'],
  ['OSLanguage', 'osLanguage'],
  ['PhoneNumber', 'phoneNumber'],
  ['MobileOperator', 'mobileOperator'],
  ['UserAgent', 'userAgent'],
];
/** What the directory accepts per field (libs/contracts DeviceReportRequest). */
const MAX_FIELD = 256;

export type ProvisionRequest = { deviceInformation?: DeviceInformation } & (
  | { kind: 'download'; policyType: string }
  | { kind: 'acknowledge'; policyType: string; policyKey: string; status: string }
  | { kind: 'wipe-acknowledged'; accountOnly: boolean; succeeded: boolean }
  | { kind: 'empty' }
);

/** The settings:DeviceInformation child of a Provision or Settings request, if any. */
export function deviceInformation(root: WbxmlElement): DeviceInformation | undefined {
  const container = children(root).find(
    (c) => c.ns === 'Settings' && c.tag === 'DeviceInformation',
  );
  if (!container) return undefined;
  const set = children(container).find((c) => c.tag === 'Set');
  if (!set) throw new EasProtocolError('DeviceInformation needs a Set');
  const information: DeviceInformation = {};
  for (const [tag, field] of INFORMATION_FIELDS) {
    const value = childText(set, tag)?.trim();
    // Overlong or empty values are left out rather than failing the Provision.
    // eslint-disable-next-line no-control-regex -- control characters are what is left out
    if (value && value.length <= MAX_FIELD && !/[\u0000-\u001f\u007f]/.test(value))
      information[field] = value;
  }
  return information;
}

export function parseProvision(root: WbxmlElement): ProvisionRequest {
  const information = deviceInformation(root);
  const base = information ? { deviceInformation: information } : {};
  for (const tag of ['RemoteWipe', 'AccountOnlyRemoteWipe'] as const) {
    const wipe = children(root).find((c) => c.ns === NS && c.tag === tag);
    if (!wipe) continue;
    const status = childText(wipe, 'Status');
    if (status !== '1' && status !== '2')
      throw new EasProtocolError(`${tag} needs a Status of 1 or 2`);
    return {
      ...base,
      kind: 'wipe-acknowledged',
      accountOnly: tag !== 'RemoteWipe',
      succeeded: status === '1',
    };
  }
  const policies = children(root).find((c) => c.ns === NS && c.tag === 'Policies');
  if (!policies) return { ...base, kind: 'empty' };
  const policy = children(policies).find((c) => c.tag === 'Policy');
  if (!policy) throw new EasProtocolError('Policies needs a Policy');
  const policyType = childText(policy, 'PolicyType');
  if (policyType === undefined) throw new EasProtocolError('Policy needs a PolicyType');
  const policyKey = childText(policy, 'PolicyKey');
  const status = childText(policy, 'Status');
  if (policyKey === undefined && status === undefined)
    return { ...base, kind: 'download', policyType };
  if (policyKey === undefined || status === undefined)
    throw new EasProtocolError('an acknowledgement needs both PolicyKey and Status');
  return { ...base, kind: 'acknowledge', policyType, policyKey, status };
}
