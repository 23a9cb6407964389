// Public entry of @mail/policy: the EAS policy settings of MS-ASPROV as data, the settings the
// server applies itself, validation of admin input against them, the settings each protocol
// version carries, policy keys, and the provisioning documents (EASProvisionDoc for 12.0 and
// later, MS-WAP-Provisioning-XML for 2.5).
export type {
  BooleanSetting,
  DefaultSource,
  EnumSetting,
  IntegerSetting,
  ProtocolVersion,
  SettingDefinition,
  SettingValue,
  StringListSetting,
  ValueMeaning,
} from './setting-types';
export { PROTOCOL_VERSIONS } from './setting-types';
export type {
  EasPolicy,
  EasPolicySettingDefinition,
  EasPolicySettingName,
  EasPolicySettings,
} from './settings';
export { EAS_POLICY_SETTINGS, EAS_POLICY_SETTING_NAMES, settingByName } from './settings';
export { INTEGER_MAX, POLICY_LIMITS, UNSIGNED_BYTE_MAX, UNSIGNED_INT_MAX } from './limits';
export type {
  ParsePolicyResult,
  PartialEasPolicy,
  PolicyProblem,
  PolicyProblemCode,
} from './validate';
export {
  DEFAULT_EAS_POLICY,
  describeAllowed,
  parsePolicy,
  resolveAllSettings,
  resolvePolicy,
  validatePolicy,
} from './validate';
export type { ServerPolicy, ServerPolicySettingName } from './server-settings';
export {
  SERVER_POLICY_SETTINGS,
  resolveServerPolicy,
  serverSettingByName,
} from './server-settings';
export { SERVER_ENFORCED_SETTINGS } from './server-enforced';
export type { PolicyKeys } from './policy-key';
export { policyKeys } from './policy-key';
export {
  EAS_PROVISIONING_POLICY_TYPE,
  easProvisionDoc,
  policyData,
  policyTypeFor,
} from './provisioning-document';
export {
  CANONICAL_POLICY_FORMAT,
  canonicalPolicyString,
  isProtocolVersion,
  settingsForVersion,
  versionCarries,
} from './settings-for-version';
export type { WapParmDefinition, WapParmValue } from './wap-provisioning';
export {
  WAP_PROVISIONING_PARMS,
  WAP_PROVISIONING_POLICY_TYPE,
  wapProvisioningDocument,
  wapProvisioningParms,
} from './wap-provisioning';
