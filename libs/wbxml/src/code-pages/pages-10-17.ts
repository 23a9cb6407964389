// [MS-ASWBXML] code pages 10..17 (protocol 16.1), section 2.1.2.1.<page + 1>.
import type { PageSpec } from './types';

export const PAGES_10_17: readonly PageSpec[] = [
  {
    page: 10, namespace: 'ResolveRecipients', prefix: 'resolverecipients', section: '2.1.2.1.11', since: '2.5',
    tags: [
      [0x05, 'ResolveRecipients'], [0x06, 'Response'], [0x07, 'Status'], [0x08, 'Type'],
      [0x09, 'Recipient'], [0x0a, 'DisplayName'], [0x0b, 'EmailAddress'], [0x0c, 'Certificates'],
      [0x0d, 'Certificate'], [0x0e, 'MiniCertificate'], [0x0f, 'Options'], [0x10, 'To'],
      [0x11, 'CertificateRetrieval'], [0x12, 'RecipientCount'], [0x13, 'MaxCertificates'],
      [0x14, 'MaxAmbiguousRecipients'], [0x15, 'CertificateCount'], [0x16, 'Availability', '14.0'],
      [0x17, 'StartTime', '14.0'], [0x18, 'EndTime', '14.0'], [0x19, 'MergedFreeBusy', '14.0'],
      [0x1a, 'Picture', '14.1'], [0x1b, 'MaxSize', '14.1'], [0x1c, 'Data', '14.1'],
      [0x1d, 'MaxPictures', '14.1'],
    ],
  },
  {
    page: 11, namespace: 'ValidateCert', prefix: 'validatecert', section: '2.1.2.1.12', since: '2.5',
    tags: [
      [0x05, 'ValidateCert'], [0x06, 'Certificates'], [0x07, 'Certificate'],
      [0x08, 'CertificateChain'], [0x09, 'CheckCrl'], [0x0a, 'Status'],
    ],
  },
  {
    page: 12, namespace: 'Contacts2', prefix: 'contacts2', section: '2.1.2.1.13', since: '2.5',
    tags: [
      [0x05, 'CustomerId'], [0x06, 'GovernmentId'], [0x07, 'IMAddress'], [0x08, 'IMAddress2'],
      [0x09, 'IMAddress3'], [0x0a, 'ManagerName'], [0x0b, 'CompanyMainPhone'], [0x0c, 'AccountName'],
      [0x0d, 'NickName'], [0x0e, 'MMS'],
    ],
  },
  {
    page: 13, namespace: 'Ping', prefix: 'ping', section: '2.1.2.1.14', since: '2.5',
    tags: [
      [0x05, 'Ping'], [0x07, 'Status'], [0x08, 'HeartbeatInterval'], [0x09, 'Folders'],
      [0x0a, 'Folder'], [0x0b, 'Id'], [0x0c, 'Class'], [0x0d, 'MaxFolders'],
    ],
  },
  {
    page: 14, namespace: 'Provision', prefix: 'provision', section: '2.1.2.1.15', since: '2.5',
    tags: [
      [0x05, 'Provision'], [0x06, 'Policies'], [0x07, 'Policy'], [0x08, 'PolicyType'],
      [0x09, 'PolicyKey'], [0x0a, 'Data'], [0x0b, 'Status'], [0x0c, 'RemoteWipe'],
      [0x0d, 'EASProvisionDoc', '12.0'], [0x0e, 'DevicePasswordEnabled', '12.0'],
      [0x0f, 'AlphanumericDevicePasswordRequired', '12.0'],
      // Per [MS-ASPROV] 2.2.2.52 / 2.2.2.12, 2.2.2.26 and the MS-ASWBXML table: storage-card
      // encryption starts at 12.1, the simple-password/expiration/history policies at 12.0.
      [0x10, 'RequireStorageCardEncryption', '12.1'], [0x11, 'PasswordRecoveryEnabled', '12.0'],
      [0x13, 'AttachmentsEnabled', '12.0'], [0x14, 'MinDevicePasswordLength', '12.0'],
      [0x15, 'MaxInactivityTimeDeviceLock', '12.0'], [0x16, 'MaxDevicePasswordFailedAttempts', '12.0'],
      [0x17, 'MaxAttachmentSize', '12.0'], [0x18, 'AllowSimpleDevicePassword', '12.0'],
      [0x19, 'DevicePasswordExpiration', '12.0'], [0x1a, 'DevicePasswordHistory', '12.0'],
      [0x1b, 'AllowStorageCard', '12.1'], [0x1c, 'AllowCamera', '12.1'],
      [0x1d, 'RequireDeviceEncryption', '12.1'], [0x1e, 'AllowUnsignedApplications', '12.1'],
      [0x1f, 'AllowUnsignedInstallationPackages', '12.1'],
      [0x20, 'MinDevicePasswordComplexCharacters', '12.1'], [0x21, 'AllowWiFi', '12.1'],
      [0x22, 'AllowTextMessaging', '12.1'], [0x23, 'AllowPOPIMAPEmail', '12.1'],
      [0x24, 'AllowBluetooth', '12.1'], [0x25, 'AllowIrDA', '12.1'],
      [0x26, 'RequireManualSyncWhenRoaming', '12.1'], [0x27, 'AllowDesktopSync', '12.1'],
      [0x28, 'MaxCalendarAgeFilter', '12.1'], [0x29, 'AllowHTMLEmail', '12.1'],
      [0x2a, 'MaxEmailAgeFilter', '12.1'], [0x2b, 'MaxEmailBodyTruncationSize', '12.1'],
      [0x2c, 'MaxEmailHTMLBodyTruncationSize', '12.1'], [0x2d, 'RequireSignedSMIMEMessages', '12.1'],
      [0x2e, 'RequireEncryptedSMIMEMessages', '12.1'], [0x2f, 'RequireSignedSMIMEAlgorithm', '12.1'],
      [0x30, 'RequireEncryptionSMIMEAlgorithm', '12.1'],
      [0x31, 'AllowSMIMEEncryptionAlgorithmNegotiation', '12.1'], [0x32, 'AllowSMIMESoftCerts', '12.1'],
      [0x33, 'AllowBrowser', '12.1'], [0x34, 'AllowConsumerEmail', '12.1'],
      [0x35, 'AllowRemoteDesktop', '12.1'], [0x36, 'AllowInternetSharing', '12.1'],
      [0x37, 'UnapprovedInROMApplicationList', '12.1'], [0x38, 'ApplicationName', '12.1'],
      [0x39, 'ApprovedApplicationList', '12.1'], [0x3a, 'Hash', '12.1'],
      [0x3b, 'AccountOnlyRemoteWipe', '16.1'],
    ],
  },
  {
    page: 15, namespace: 'Search', prefix: 'search', section: '2.1.2.1.16', since: '2.5',
    tags: [
      [0x05, 'Search'], [0x07, 'Store'], [0x08, 'Name'], [0x09, 'Query'], [0x0a, 'Options'],
      [0x0b, 'Range'], [0x0c, 'Status'], [0x0d, 'Response'], [0x0e, 'Result'], [0x0f, 'Properties'],
      [0x10, 'Total'], [0x11, 'EqualTo', '12.0'], [0x12, 'Value', '12.0'], [0x13, 'And', '12.0'],
      [0x14, 'Or', '12.0'], [0x15, 'FreeText', '12.0'], [0x17, 'DeepTraversal', '12.0'],
      [0x18, 'LongId', '12.0'], [0x19, 'RebuildResults', '12.0'], [0x1a, 'LessThan', '12.0'],
      [0x1b, 'GreaterThan', '12.0'], [0x1e, 'UserName', '12.1'], [0x1f, 'Password', '12.1'],
      [0x20, 'ConversationId', '14.0'], [0x21, 'Picture', '14.1'], [0x22, 'MaxSize', '14.1'],
      [0x23, 'MaxPictures', '14.1'],
    ],
  },
  {
    page: 16, namespace: 'GAL', prefix: 'gal', section: '2.1.2.1.17', since: '2.5',
    tags: [
      [0x05, 'DisplayName'], [0x06, 'Phone'], [0x07, 'Office'], [0x08, 'Title'], [0x09, 'Company'],
      [0x0a, 'Alias'], [0x0b, 'FirstName'], [0x0c, 'LastName'], [0x0d, 'HomePhone'],
      [0x0e, 'MobilePhone'], [0x0f, 'EmailAddress'], [0x10, 'Picture', '14.1'],
      [0x11, 'Status', '14.1'], [0x12, 'Data', '14.1'],
    ],
  },
  {
    page: 17, namespace: 'AirSyncBase', prefix: 'airsyncbase', section: '2.1.2.1.18', since: '12.0',
    tags: [
      [0x05, 'BodyPreference'], [0x06, 'Type'], [0x07, 'TruncationSize'], [0x08, 'AllOrNone'],
      [0x0a, 'Body'], [0x0b, 'Data'], [0x0c, 'EstimatedDataSize'], [0x0d, 'Truncated'],
      [0x0e, 'Attachments'], [0x0f, 'Attachment'], [0x10, 'DisplayName'], [0x11, 'FileReference'],
      [0x12, 'Method'], [0x13, 'ContentId'], [0x14, 'ContentLocation'], [0x15, 'IsInline'],
      [0x16, 'NativeBodyType'], [0x17, 'ContentType'], [0x18, 'Preview', '14.0'],
      [0x19, 'BodyPartPreference', '14.1'], [0x1a, 'BodyPart', '14.1'], [0x1b, 'Status', '14.1'],
      [0x1c, 'Add', '16.0'], [0x1d, 'Delete', '16.0'], [0x1e, 'ClientId', '16.0'],
      [0x1f, 'Content', '16.0'], [0x20, 'Location', '16.0'], [0x21, 'Annotation', '16.0'],
      [0x22, 'Street', '16.0'], [0x23, 'City', '16.0'], [0x24, 'State', '16.0'],
      [0x25, 'Country', '16.0'], [0x26, 'PostalCode', '16.0'], [0x27, 'Latitude', '16.0'],
      [0x28, 'Longitude', '16.0'], [0x29, 'Accuracy', '16.0'], [0x2a, 'Altitude', '16.0'],
      [0x2b, 'AltitudeAccuracy', '16.0'], [0x2c, 'LocationUri', '16.0'], [0x2d, 'InstanceId', '16.0'],
    ],
  },
];
