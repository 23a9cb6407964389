// The EAS policy settings: every child of EASProvisionDoc ([MS-ASPROV] 2.2.2.28), as data.
//
// Order: the xs:sequence order of EASProvisionDoc in Microsoft's Provision.xsd (see
// /work/shared/conformance/xsd), so a document builder that walks this table emits a
// schema-valid EASProvisionDoc.
//
// Versions: from each element's "Protocol Versions" table in MS-ASPROV (protocol revision
// 22.0). No element's table marks it unsupported in 16.0 or 16.1, so none is deprecated in
// 16.x; none is carried by 2.5 (2.5 clients get the MS-WAP-Provisioning-XML document instead,
// see wap-provisioning.ts). settings.spec.ts checks that the WBXML Provision code page
// (libs/wbxml) gives every setting the same versions.
//
// Defaults: `defaultSource: 'spec'` rows use what MS-ASPROV says a client assumes when the
// element is absent. `defaultSource: 'exchange'` rows use the value of Exchange's "Default"
// mobile device mailbox policy (New-/Set-MobileDeviceMailboxPolicy). Of those, only
// AllowBluetooth = Allow was confirmed from the documentation fetched for this table.
// unconfirmed: the other `exchange` defaults are the cmdlet's documented defaults as we know
// them, not re-checked against its documentation page.

import { POLICY_LIMITS, INTEGER_MAX, UNSIGNED_INT_MAX } from './limits';
import type { SettingValue } from './setting-types';
import {
  FROM_12_0,
  FROM_12_1,
  booleanSetting as bool,
  enumSetting,
  integerSetting,
  stringListSetting,
} from './setting-types';

const V12_1_FROM_WBXML = 'version table not fetched; 12.1+ from the MS-ASWBXML Provision code page';
const SECTION_FROM_NEIGHBOURS = 'section number inferred from the numbering of its neighbours';
const ALLOW = { false: 'Not allowed.', true: 'Allowed.' } as const;
const REQUIRE = { false: 'Not required.', true: 'Required.' } as const;

export const EAS_POLICY_SETTINGS = [
  bool('DevicePasswordEnabled', {
    section: '2.2.2.25',
    summary: 'Whether the client requires a device password.',
    versions: FROM_12_0,
    meanings: REQUIRE,
    default: false,
    defaultSource: 'exchange',
    unconfirmed: 'version table not fetched; 12.0+ from MS-ASWBXML and Exchange 2007 RTM policies',
  }),
  bool('AlphanumericDevicePasswordRequired', {
    section: '2.2.2.20',
    summary: 'Whether the device password must be alphanumeric.',
    versions: FROM_12_0,
    meanings: REQUIRE,
    default: false,
    defaultSource: 'spec',
  }),
  bool('PasswordRecoveryEnabled', {
    section: '2.2.2.39',
    summary: 'Whether the client may send a recovery password to the server (Settings command).',
    versions: FROM_12_0,
    meanings: { false: 'Disabled.', true: 'Enabled.' },
    default: false,
    defaultSource: 'exchange',
    unconfirmed: `${SECTION_FROM_NEIGHBOURS}; version table not fetched, 12.0+ from MS-ASWBXML`,
  }),
  // Exchange 2007 RTM called this DeviceEncryptionEnabled; MS-ASPROV lists 12.1+ only.
  bool('RequireStorageCardEncryption', {
    section: '2.2.2.52',
    summary: 'Whether content on the storage card must be encrypted.',
    versions: FROM_12_1,
    meanings: REQUIRE,
    default: false,
    defaultSource: 'exchange',
  }),
  bool('AttachmentsEnabled', {
    section: '2.2.2.23',
    summary: 'Whether email attachments may be downloaded.',
    versions: FROM_12_0,
    meanings: ALLOW,
    default: true,
    defaultSource: 'exchange',
  }),
  integerSetting('MinDevicePasswordLength', {
    section: '2.2.2.38',
    summary: 'Minimum device password length.',
    versions: FROM_12_0,
    wireType: 'unsignedByteOrEmpty',
    min: 1,
    max: 16,
    unit: 'characters',
    emptyAllowed: true,
    emptyMeaning: 'No minimum length (as is 1).',
    specialValues: [{ value: 1, meaning: 'No minimum length.' }],
    default: null,
    defaultSource: 'spec',
  }),
  integerSetting('MaxInactivityTimeDeviceLock', {
    section: '2.2.2.36',
    summary: 'Seconds of inactivity before the device locks itself.',
    versions: FROM_12_0,
    wireType: 'unsignedIntOrEmpty',
    min: 0,
    max: UNSIGNED_INT_MAX,
    unit: 'seconds',
    emptyAllowed: true,
    emptyMeaning: 'No inactivity lock is set.',
    specialValues: [{ value: 9999, meaning: 'This value or more: unlimited.' }],
    default: null,
    defaultSource: 'spec',
  }),
  integerSetting('MaxDevicePasswordFailedAttempts', {
    section: '2.2.2.32',
    summary: 'Failed password attempts before the device wipes itself or locks out for a time.',
    versions: FROM_12_0,
    wireType: 'unsignedByteOrEmpty',
    min: 4,
    max: 16,
    unit: 'attempts',
    emptyAllowed: true,
    emptyMeaning: 'No maximum is set.',
    default: null,
    defaultSource: 'spec',
  }),
  integerSetting('MaxAttachmentSize', {
    section: '2.2.2.30',
    summary: 'Largest attachment the client downloads.',
    versions: FROM_12_0,
    wireType: 'unsignedIntOrEmpty',
    min: 0,
    max: UNSIGNED_INT_MAX,
    unit: 'bytes',
    emptyAllowed: true,
    emptyMeaning: 'No maximum attachment size is set.',
    default: null,
    defaultSource: 'spec',
  }),
  bool('AllowSimpleDevicePassword', {
    section: '2.2.2.12',
    summary: 'Whether simple passwords (repeated "2222" or sequential "abcd") are allowed.',
    versions: FROM_12_0,
    meanings: ALLOW,
    default: true,
    defaultSource: 'spec',
  }),
  integerSetting('DevicePasswordExpiration', {
    section: '2.2.2.26',
    summary: 'Days until the device password expires.',
    versions: FROM_12_0,
    wireType: 'unsignedIntOrEmpty',
    min: 0,
    max: UNSIGNED_INT_MAX,
    unit: 'days',
    emptyAllowed: true,
    emptyMeaning: 'No expiration policy is set (as 0).',
    specialValues: [{ value: 0, meaning: 'Passwords do not expire.' }],
    default: null,
    defaultSource: 'spec',
  }),
  integerSetting('DevicePasswordHistory', {
    section: '2.2.2.27',
    summary: 'Previously used passwords the client stores to prevent reuse.',
    versions: FROM_12_0,
    wireType: 'unsignedInt',
    min: 0,
    max: UNSIGNED_INT_MAX,
    unit: 'passwords',
    emptyAllowed: false,
    specialValues: [{ value: 0, meaning: 'No history is kept.' }],
    default: 0,
    defaultSource: 'spec',
    unconfirmed:
      'version table cut off when fetched; 12.0+ like its neighbours and as Exchange 2007 RTM had it',
  }),
  bool('AllowStorageCard', {
    section: '2.2.2.15',
    summary: 'Whether the device may use a storage card.',
    versions: FROM_12_1,
    meanings: ALLOW,
    default: true,
    defaultSource: 'exchange',
    unconfirmed: V12_1_FROM_WBXML,
  }),
  bool('AllowCamera', {
    section: '2.2.2.4',
    summary: 'Whether the built-in camera may be used.',
    versions: FROM_12_1,
    meanings: ALLOW,
    default: true,
    defaultSource: 'exchange',
    unconfirmed: V12_1_FROM_WBXML,
  }),
  bool('RequireDeviceEncryption', {
    section: '2.2.2.46',
    summary: 'Whether the client must use encryption.',
    versions: FROM_12_1,
    meanings: REQUIRE,
    default: false,
    defaultSource: 'exchange',
  }),
  bool('AllowUnsignedApplications', {
    section: '2.2.2.17',
    summary: 'Whether unsigned applications may run.',
    versions: FROM_12_1,
    meanings: ALLOW,
    default: true,
    defaultSource: 'exchange',
    unconfirmed: V12_1_FROM_WBXML,
  }),
  bool('AllowUnsignedInstallationPackages', {
    section: '2.2.2.18',
    summary: 'Whether unsigned installation packages (.cab) may be installed.',
    versions: FROM_12_1,
    meanings: ALLOW,
    default: true,
    defaultSource: 'exchange',
    unconfirmed: V12_1_FROM_WBXML,
  }),
  integerSetting('MinDevicePasswordComplexCharacters', {
    section: '2.2.2.37',
    summary:
      'Character groups (lower case, upper case, numbers, non-alphanumeric) a password must contain.',
    versions: FROM_12_1,
    wireType: 'unsignedByte',
    min: 1,
    max: 4,
    unit: 'character groups',
    emptyAllowed: false,
    default: 1,
    defaultSource: 'exchange',
    unconfirmed: 'default 1 is Exchange 2013+; Exchange 2010 used 3',
  }),
  bool('AllowWiFi', {
    section: '2.2.2.19',
    summary: 'Whether Wi-Fi connections are allowed.',
    versions: FROM_12_1,
    meanings: ALLOW,
    default: true,
    defaultSource: 'exchange',
    unconfirmed: `${V12_1_FROM_WBXML}; the spec's EASProvisionDoc list spells it "AllowWifi", its schema and code page "AllowWiFi"`,
  }),
  bool('AllowTextMessaging', {
    section: '2.2.2.16',
    summary: 'Whether SMS / text messaging is allowed.',
    versions: FROM_12_1,
    meanings: ALLOW,
    default: true,
    defaultSource: 'exchange',
    unconfirmed: V12_1_FROM_WBXML,
  }),
  bool('AllowPOPIMAPEmail', {
    section: '2.2.2.10',
    summary: 'Whether POP3 and IMAP4 email accounts are allowed.',
    versions: FROM_12_1,
    meanings: ALLOW,
    default: true,
    defaultSource: 'exchange',
    unconfirmed: V12_1_FROM_WBXML,
  }),
  enumSetting('AllowBluetooth', {
    section: '2.2.2.2',
    summary: 'Use of Bluetooth on the device.',
    versions: FROM_12_1,
    wireType: 'unsignedByte',
    values: [
      { value: 0, meaning: 'Disable Bluetooth.' },
      {
        value: 1,
        meaning: 'Disable Bluetooth, but allow the configuration of hands-free profiles.',
      },
      { value: 2, meaning: 'Allow Bluetooth.' },
    ],
    default: 2,
    defaultSource: 'exchange',
  }),
  bool('AllowIrDA', {
    section: '2.2.2.9',
    summary: 'Whether IrDA (infrared) connections are allowed.',
    versions: FROM_12_1,
    meanings: ALLOW,
    default: true,
    defaultSource: 'exchange',
  }),
  bool('RequireManualSyncWhenRoaming', {
    section: '2.2.2.49',
    summary: 'Whether the device must sync manually while roaming.',
    versions: FROM_12_1,
    meanings: REQUIRE,
    default: false,
    defaultSource: 'exchange',
    unconfirmed: `${SECTION_FROM_NEIGHBOURS}; ${V12_1_FROM_WBXML}`,
  }),
  bool('AllowDesktopSync', {
    section: '2.2.2.6',
    summary: 'Whether synchronization with Desktop ActiveSync is allowed.',
    versions: FROM_12_1,
    meanings: ALLOW,
    default: true,
    defaultSource: 'exchange',
  }),
  enumSetting('MaxCalendarAgeFilter', {
    section: '2.2.2.31',
    summary: 'How far back calendar items may be synchronized.',
    versions: FROM_12_1,
    wireType: 'unsignedInt',
    values: [
      { value: 0, meaning: 'All days.' },
      { value: 4, meaning: '2 weeks.' },
      { value: 5, meaning: '1 month.' },
      { value: 6, meaning: '3 months.' },
      { value: 7, meaning: '6 months.' },
    ],
    default: 0,
    defaultSource: 'exchange',
    unconfirmed: `values from the brief and Exchange's CalendarAgeFilterType; ${V12_1_FROM_WBXML}`,
  }),
  bool('AllowHTMLEmail', {
    section: '2.2.2.7',
    summary: 'Whether HTML-formatted email is allowed.',
    versions: FROM_12_1,
    meanings: ALLOW,
    default: true,
    defaultSource: 'exchange',
  }),
  enumSetting('MaxEmailAgeFilter', {
    section: '2.2.2.33',
    summary: 'How far back email may be synchronized.',
    versions: FROM_12_1,
    wireType: 'unsignedInt',
    values: [
      { value: 0, meaning: 'Sync all.' },
      { value: 1, meaning: '1 day.' },
      { value: 2, meaning: '3 days.' },
      { value: 3, meaning: '1 week.' },
      { value: 4, meaning: '2 weeks.' },
      { value: 5, meaning: '1 month.' },
    ],
    default: 0,
    defaultSource: 'exchange',
  }),
  integerSetting('MaxEmailBodyTruncationSize', {
    section: '2.2.2.34',
    summary: 'Truncation size for plain-text email bodies.',
    versions: FROM_12_1,
    wireType: 'integer',
    min: -1,
    max: INTEGER_MAX,
    unit: 'bytes',
    emptyAllowed: false,
    specialValues: [
      { value: -1, meaning: 'No truncation.' },
      { value: 0, meaning: 'Truncate only the header.' },
    ],
    default: -1,
    defaultSource: 'exchange',
  }),
  integerSetting('MaxEmailHTMLBodyTruncationSize', {
    section: '2.2.2.35',
    summary: 'Truncation size for HTML email bodies.',
    versions: FROM_12_1,
    wireType: 'integer',
    min: -1,
    max: INTEGER_MAX,
    unit: 'bytes',
    emptyAllowed: false,
    specialValues: [
      { value: -1, meaning: 'No truncation.' },
      { value: 0, meaning: 'Truncate only the header.' },
    ],
    default: -1,
    defaultSource: 'exchange',
  }),
  bool('RequireSignedSMIMEMessages', {
    section: '2.2.2.51',
    summary: 'Whether the client must send signed S/MIME messages.',
    versions: FROM_12_1,
    meanings: REQUIRE,
    default: false,
    defaultSource: 'exchange',
    unconfirmed: `${SECTION_FROM_NEIGHBOURS}; ${V12_1_FROM_WBXML}`,
  }),
  bool('RequireEncryptedSMIMEMessages', {
    section: '2.2.2.47',
    summary: 'Whether the client must send encrypted S/MIME messages.',
    versions: FROM_12_1,
    meanings: REQUIRE,
    default: false,
    defaultSource: 'exchange',
    unconfirmed: `${SECTION_FROM_NEIGHBOURS}; ${V12_1_FROM_WBXML}`,
  }),
  enumSetting('RequireSignedSMIMEAlgorithm', {
    section: '2.2.2.50',
    summary: 'Algorithm used when signing S/MIME messages.',
    versions: FROM_12_1,
    wireType: 'integer',
    values: [
      { value: 0, meaning: 'Use SHA1.' },
      { value: 1, meaning: 'Use MD5.' },
    ],
    default: 0,
    defaultSource: 'exchange',
  }),
  enumSetting('RequireEncryptionSMIMEAlgorithm', {
    section: '2.2.2.48',
    summary: 'Algorithm used when encrypting S/MIME messages.',
    versions: FROM_12_1,
    wireType: 'integer',
    values: [
      { value: 0, meaning: 'TripleDES algorithm.' },
      { value: 1, meaning: 'DES algorithm.' },
      { value: 2, meaning: 'RC2 128-bit.' },
      { value: 3, meaning: 'RC2 64-bit.' },
      { value: 4, meaning: 'RC2 40-bit.' },
    ],
    default: 0,
    defaultSource: 'exchange',
  }),
  enumSetting('AllowSMIMEEncryptionAlgorithmNegotiation', {
    section: '2.2.2.13',
    summary: 'Negotiation of the S/MIME encryption algorithm.',
    versions: FROM_12_1,
    wireType: 'integer',
    values: [
      { value: 0, meaning: 'Do not negotiate.' },
      { value: 1, meaning: 'Negotiate a strong algorithm.' },
      { value: 2, meaning: 'Negotiate any algorithm.' },
    ],
    default: 2,
    defaultSource: 'exchange',
  }),
  bool('AllowSMIMESoftCerts', {
    section: '2.2.2.14',
    summary: 'Whether S/MIME soft certificates may be used.',
    versions: FROM_12_1,
    meanings: ALLOW,
    default: true,
    defaultSource: 'exchange',
    unconfirmed: V12_1_FROM_WBXML,
  }),
  bool('AllowBrowser', {
    section: '2.2.2.3',
    summary: 'Whether a web browser may be used.',
    versions: FROM_12_1,
    meanings: ALLOW,
    default: true,
    defaultSource: 'exchange',
  }),
  bool('AllowConsumerEmail', {
    section: '2.2.2.5',
    summary: 'Whether the user may configure a personal email account.',
    versions: FROM_12_1,
    meanings: ALLOW,
    default: true,
    defaultSource: 'exchange',
    unconfirmed: V12_1_FROM_WBXML,
  }),
  bool('AllowRemoteDesktop', {
    section: '2.2.2.11',
    summary: 'Whether Remote Desktop may be used.',
    versions: FROM_12_1,
    meanings: ALLOW,
    default: true,
    defaultSource: 'exchange',
    unconfirmed: V12_1_FROM_WBXML,
  }),
  bool('AllowInternetSharing', {
    section: '2.2.2.8',
    summary: 'Whether Internet Sharing (tethering) is allowed.',
    versions: FROM_12_1,
    meanings: ALLOW,
    default: true,
    defaultSource: 'exchange',
  }),
  stringListSetting('UnapprovedInROMApplicationList', {
    section: '2.2.2.55',
    summary: 'In-ROM applications not approved for execution (preinstalled applications only).',
    versions: FROM_12_1,
    itemElement: 'ApplicationName',
    itemSection: '2.2.2.21',
    maxItems: POLICY_LIMITS.maxListItems,
    maxItemLength: POLICY_LIMITS.maxApplicationNameLength,
    // Any text without control characters (it is a file name).
    // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
    itemPattern: /^[^\u0000-\u001f\u007f]+$/u,
    itemPatternText: 'a non-empty application name without control characters',
    default: [],
    defaultSource: 'exchange',
  }),
  stringListSetting('ApprovedApplicationList', {
    section: '2.2.2.22',
    summary: 'In-memory applications approved for execution, by SHA1 hash (Hash, 2.2.2.29).',
    versions: FROM_12_1,
    itemElement: 'Hash',
    itemSection: '2.2.2.29',
    maxItems: POLICY_LIMITS.maxListItems,
    maxItemLength: POLICY_LIMITS.maxHashLength,
    // unconfirmed: MS-ASPROV says "SHA1 hash" without an encoding; base64 (Exchange's tools)
    // and hex both match this.
    itemPattern: /^[A-Za-z0-9+/]+={0,2}$/u,
    itemPatternText: 'a SHA1 hash in base64 or hex',
    default: [],
    defaultSource: 'exchange',
    unconfirmed: 'version table of the container not fetched; 12.1+ from its Hash child (2.2.2.29)',
  }),
] as const;

export type EasPolicySettingDefinition = (typeof EAS_POLICY_SETTINGS)[number];
export type EasPolicySettingName = EasPolicySettingDefinition['name'];

/** The full typed policy: one value for every setting. `null` is the empty element. */
export type EasPolicy = {
  readonly [S in EasPolicySettingDefinition as S['name']]: SettingValue<S>;
};

/** Alias of the setting names, as the admin API and the directory role refer to them. */
export type EasPolicySettings = EasPolicySettingName;

const byName = new Map<string, EasPolicySettingDefinition>(
  EAS_POLICY_SETTINGS.map((s) => [s.name, s]),
);

/** The row for an exact setting name (a Map, so "constructor" or "__proto__" never match). */
export function settingByName(name: string): EasPolicySettingDefinition | undefined {
  return byName.get(name);
}

/** Setting names in table (schema) order. */
export const EAS_POLICY_SETTING_NAMES: readonly EasPolicySettingName[] = EAS_POLICY_SETTINGS.map(
  (s) => s.name,
);
