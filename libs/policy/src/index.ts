// Public entry of @mail/policy: the EAS policy settings of MS-ASPROV as data, validation of
// admin input against them, the settings each protocol version carries, the canonical form a
// policy key is hashed from, and the protocol 2.5 (MS-WAP-Provisioning-XML) parms.
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
  resolvePolicy,
  validatePolicy,
} from './validate';
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
  wapProvisioningParms,
} from './wap-provisioning';
