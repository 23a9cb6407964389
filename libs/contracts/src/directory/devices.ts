/**
 * Mobile devices under their user, device access rules and the organization's default access
 * level, as Exchange has them (Get-MobileDevice, New-ActiveSyncDeviceAccessRule,
 * Set-ActiveSyncOrganizationSettings -DefaultAccessLevel). CAS reports each device request with
 * `directory.device.report` and gets back whether the device may sync and whether to wipe it.
 */
import { z } from 'zod';
import { event, request } from '../bus/subject';
import { SmtpAddress } from './values';

/** MS-ASHTTP DeviceId: letters and digits only, at most 128 here (a bound on what a device sends). */
export const DeviceId = z
  .string()
  .regex(/^[A-Za-z0-9]{1,128}$/, 'must be 1-128 letters and digits (the EAS DeviceId alphabet)');
/** Device type, model, OS...: what the device says about itself, bounded, no control characters. */
const deviceText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters');
const DeviceInfoText = deviceText(256).optional();

export const DEVICE_ACCESS_STATES = [
  'Allowed',
  'Blocked',
  'Quarantined',
  'DeviceDiscovery',
] as const;
export type DeviceAccessState = (typeof DEVICE_ACCESS_STATES)[number];
/** Why a device has its state: the organization default, an admin's decision, a rule... */
export const DEVICE_ACCESS_STATE_REASONS = [
  'Global',
  'Individual',
  'DeviceRule',
  'Policy',
  'Upgrade',
] as const;
export type DeviceAccessStateReason = (typeof DEVICE_ACCESS_STATE_REASONS)[number];
export const DEVICE_ACCESS_LEVELS = ['Allow', 'Block', 'Quarantine'] as const;
export type DeviceAccessLevel = (typeof DEVICE_ACCESS_LEVELS)[number];
export const DEVICE_ACCESS_CHARACTERISTICS = ['DeviceType', 'DeviceModel'] as const;
export type DeviceAccessCharacteristic = (typeof DEVICE_ACCESS_CHARACTERISTICS)[number];
export const DEVICE_WIPES = ['none', 'full', 'account-only'] as const;
export type DeviceWipe = (typeof DEVICE_WIPES)[number];

/** A query-string flag: `true`/`false` from a URL, or a JSON boolean. */
const Flag = z
  .union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')])
  .default(false);

export const MobileDevice = z.object({
  /** The primary SMTP address of the device's user. */
  user: z.string(),
  deviceId: z.string(),
  deviceType: z.string(),
  deviceModel: z.string().nullable(),
  friendlyName: z.string().nullable(),
  deviceOS: z.string().nullable(),
  deviceOSLanguage: z.string().nullable(),
  deviceImei: z.string().nullable(),
  deviceTelephoneNumber: z.string().nullable(),
  deviceMobileOperator: z.string().nullable(),
  deviceUserAgent: z.string().nullable(),
  firstSyncTime: z.string(),
  lastSyncTime: z.string(),
  devicePolicyApplied: z.string().nullable(),
  policyKey: z.string().nullable(),
  deviceAccessState: z.enum(DEVICE_ACCESS_STATES),
  deviceAccessStateReason: z.enum(DEVICE_ACCESS_STATE_REASONS),
  deviceWipeRequestTime: z.string().nullable(),
  deviceWipeSentTime: z.string().nullable(),
  deviceWipeAckTime: z.string().nullable(),
  accountOnlyWipe: z.boolean(),
  /** Present only when asked for (`showRecoveryPassword`); null when the device never sent one. */
  recoveryPassword: z.string().nullable().optional(),
});
export type MobileDevice = z.infer<typeof MobileDevice>;

/** What CAS knows of a device on each request: the EAS query and Settings DeviceInformation. */
export const DeviceReportRequest = z.object({
  user: SmtpAddress,
  deviceId: DeviceId,
  deviceType: deviceText(128),
  model: DeviceInfoText,
  imei: DeviceInfoText,
  friendlyName: DeviceInfoText,
  os: DeviceInfoText,
  osLanguage: DeviceInfoText,
  phoneNumber: DeviceInfoText,
  mobileOperator: DeviceInfoText,
  userAgent: deviceText(1024).optional(),
  /** The EAS mailbox policy the device acknowledged, with the PolicyKey it was given. */
  policyApplied: DeviceInfoText,
  policyKey: z
    .string()
    .regex(/^[0-9]{1,10}$/, 'must be a PolicyKey: an unsigned 32-bit number')
    .optional(),
});
export const DeviceReportReply = z.object({
  accessState: z.enum(DEVICE_ACCESS_STATES),
  accessStateReason: z.enum(DEVICE_ACCESS_STATE_REASONS),
  wipe: z.enum(DEVICE_WIPES),
  /** The PolicyKey the device last acknowledged (a later report's, or null if never). */
  policyKey: z.string().nullable(),
});
export type DeviceReportReply = z.infer<typeof DeviceReportReply>;

export const DeviceRef = z.object({ user: SmtpAddress, deviceId: DeviceId });
export const DeviceRecoveryPasswordRequest = DeviceRef.extend({
  // MS-ASPROV DevicePassword: the recovery password a device escrows with the server.
  password: z.string().min(1, 'must not be empty').max(256, 'must be at most 256 characters'),
});

/** Admin requests name the device by mailbox (any of its addresses) and device id. */
export const DeviceAdminRef = z.object({ mailbox: SmtpAddress, deviceId: DeviceId });
export const DeviceListRequest = z.object({
  mailbox: SmtpAddress.optional(),
  showRecoveryPassword: Flag,
});
export const DeviceShowRequest = DeviceAdminRef.extend({ showRecoveryPassword: Flag });
export const DeviceWipeRequest = DeviceAdminRef.extend({ accountOnly: z.boolean().default(false) });

export const DeviceReport = request<z.input<typeof DeviceReportRequest>, DeviceReportReply>(
  'directory',
  'device',
  'report',
);
type Done = { user: string; deviceId: string };
export const DeviceWipeSent = request<z.input<typeof DeviceRef>, Done>(
  'directory',
  'device',
  'wipe-sent',
);
export const DeviceWipeAcknowledged = request<z.input<typeof DeviceRef>, Done>(
  'directory',
  'device',
  'wipe-acknowledged',
);
export const DeviceRecoveryPasswordSet = request<
  z.input<typeof DeviceRecoveryPasswordRequest>,
  Done
>('directory', 'device', 'recovery-password.set');
export const DeviceList = request<z.input<typeof DeviceListRequest>, { devices: MobileDevice[] }>(
  'directory',
  'device',
  'list',
);
export const DeviceShow = request<z.input<typeof DeviceShowRequest>, MobileDevice>(
  'directory',
  'device',
  'show',
);
export const DeviceAllow = request<z.input<typeof DeviceAdminRef>, MobileDevice>(
  'directory',
  'device',
  'allow',
);
export const DeviceBlock = request<z.input<typeof DeviceAdminRef>, MobileDevice>(
  'directory',
  'device',
  'block',
);
export const DeviceQuarantine = request<z.input<typeof DeviceAdminRef>, MobileDevice>(
  'directory',
  'device',
  'quarantine',
);
export const DeviceWipe = request<z.input<typeof DeviceWipeRequest>, MobileDevice>(
  'directory',
  'device',
  'wipe',
);
export const DeviceRemove = request<z.input<typeof DeviceAdminRef>, Done>(
  'directory',
  'device',
  'remove',
);

export const DeviceAccessRule = z.object({
  characteristic: z.enum(DEVICE_ACCESS_CHARACTERISTICS),
  queryString: z.string(),
  accessLevel: z.enum(DEVICE_ACCESS_LEVELS),
});
export type DeviceAccessRule = z.infer<typeof DeviceAccessRule>;
export const DeviceAccessRuleAddRequest = z.object({
  characteristic: z.enum(DEVICE_ACCESS_CHARACTERISTICS),
  queryString: deviceText(256),
  accessLevel: z.enum(DEVICE_ACCESS_LEVELS),
});
export const DeviceAccessRuleListRequest = z.object({});
export const DeviceAccessRuleRemoveRequest = z.object({
  characteristic: z.enum(DEVICE_ACCESS_CHARACTERISTICS),
  queryString: deviceText(256),
});
export const DeviceAccessDefaultShowRequest = z.object({});
export const DeviceAccessDefaultSetRequest = z.object({
  defaultAccessLevel: z.enum(DEVICE_ACCESS_LEVELS),
});
type DefaultAccess = { defaultAccessLevel: DeviceAccessLevel };

export const DeviceAccessRuleAdd = request<
  z.input<typeof DeviceAccessRuleAddRequest>,
  DeviceAccessRule
>('directory', 'device-access-rule', 'add');
export const DeviceAccessRuleList = request<
  z.input<typeof DeviceAccessRuleListRequest>,
  { rules: DeviceAccessRule[] }
>('directory', 'device-access-rule', 'list');
export const DeviceAccessRuleRemove = request<
  z.input<typeof DeviceAccessRuleRemoveRequest>,
  { removed: DeviceAccessRule }
>('directory', 'device-access-rule', 'remove');
export const DeviceAccessDefaultShow = request<
  z.input<typeof DeviceAccessDefaultShowRequest>,
  DefaultAccess
>('directory', 'device-access-default', 'show');
export const DeviceAccessDefaultSet = request<
  z.input<typeof DeviceAccessDefaultSetRequest>,
  DefaultAccess
>('directory', 'device-access-default', 'set');

export interface DeviceChangedEvent {
  /** The device's user (primary SMTP address); absent: every device (a rule or the default). */
  user?: string;
  deviceId?: string;
}
/**
 * An administrator changed a device (allow, block, quarantine, wipe, remove) or the rules
 * every device is judged by: each CAS forgets what it cached, so the next request sees it.
 */
export const DeviceChanged = event<DeviceChangedEvent>('directory', 'device', 'changed');
