// The policy settings the server applies itself, whatever the device does with them: a device
// may ignore a setting, so these are also enforced in what the server sends. The Sync,
// ItemOperations and Search handlers read this table; the others are the device's business.

import type { EasPolicySettingName } from './settings';
import type { ServerPolicySettingName } from './server-settings';

export const SERVER_ENFORCED_SETTINGS: Readonly<
  Partial<Record<EasPolicySettingName | ServerPolicySettingName, string>>
> = Object.freeze({
  AttachmentsEnabled: 'false: attachments are not listed in items and cannot be fetched.',
  MaxAttachmentSize: 'Attachments larger than this are listed but cannot be fetched.',
  AllowHTMLEmail: 'false: bodies are sent as plain text, never HTML.',
  MaxEmailAgeFilter: 'The widest email FilterType a Sync may use; a wider one is narrowed to it.',
  MaxCalendarAgeFilter: 'The widest calendar FilterType a Sync may use.',
  MaxEmailBodyTruncationSize: 'Plain text bodies are truncated to at most this many bytes.',
  MaxEmailHTMLBodyTruncationSize: 'HTML bodies are truncated to at most this many bytes.',
  AllowNonProvisionableDevices: 'Devices that do not provision fully are refused unless true.',
  DevicePolicyRefreshInterval: 'Policy keys expire after this many hours.',
});
