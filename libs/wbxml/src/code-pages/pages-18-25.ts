// [MS-ASWBXML] code pages 18..25 (protocol 16.1), section 2.1.2.1.<page + 1>.
import type { PageSpec } from './types';

export const PAGES_18_25: readonly PageSpec[] = [
  {
    page: 18, namespace: 'Settings', prefix: 'settings', section: '2.1.2.1.19', since: '12.0',
    tags: [
      [0x05, 'Settings'], [0x06, 'Status'], [0x07, 'Get'], [0x08, 'Set'], [0x09, 'Oof'],
      [0x0a, 'OofState'], [0x0b, 'StartTime'], [0x0c, 'EndTime'], [0x0d, 'OofMessage'],
      [0x0e, 'AppliesToInternal'], [0x0f, 'AppliesToExternalKnown'],
      [0x10, 'AppliesToExternalUnknown'], [0x11, 'Enabled'], [0x12, 'ReplyMessage'],
      [0x13, 'BodyType'], [0x14, 'DevicePassword'], [0x15, 'Password'], [0x16, 'DeviceInformation'],
      [0x17, 'Model'], [0x18, 'IMEI'], [0x19, 'FriendlyName'], [0x1a, 'OS'], [0x1b, 'OSLanguage'],
      [0x1c, 'PhoneNumber'], [0x1d, 'UserInformation'], [0x1e, 'EmailAddresses'],
      [0x1f, 'SMTPAddress'], [0x20, 'UserAgent', '12.1'], [0x21, 'EnableOutboundSMS', '14.0'],
      [0x22, 'MobileOperator', '14.0'], [0x23, 'PrimarySmtpAddress', '14.1'],
      [0x24, 'Accounts', '14.1'], [0x25, 'Account', '14.1'], [0x26, 'AccountId', '14.1'],
      [0x27, 'AccountName', '14.1'], [0x28, 'UserDisplayName', '14.1'],
      [0x29, 'SendDisabled', '14.1'], [0x2b, 'RightsManagementInformation', '14.1'],
    ],
  },
  {
    page: 19, namespace: 'DocumentLibrary', prefix: 'documentlibrary', section: '2.1.2.1.20', since: '12.0',
    tags: [
      [0x05, 'LinkId'], [0x06, 'DisplayName'], [0x07, 'IsFolder'], [0x08, 'CreationDate'],
      [0x09, 'LastModifiedDate'], [0x0a, 'IsHidden'], [0x0b, 'ContentLength'], [0x0c, 'ContentType'],
    ],
  },
  {
    page: 20, namespace: 'ItemOperations', prefix: 'itemoperations', section: '2.1.2.1.21', since: '12.0',
    tags: [
      [0x05, 'ItemOperations'], [0x06, 'Fetch'], [0x07, 'Store'], [0x08, 'Options'], [0x09, 'Range'],
      [0x0a, 'Total'], [0x0b, 'Properties'], [0x0c, 'Data'], [0x0d, 'Status'], [0x0e, 'Response'],
      [0x0f, 'Version'], [0x10, 'Schema'], [0x11, 'Part'], [0x12, 'EmptyFolderContents'],
      [0x13, 'DeleteSubFolders'], [0x14, 'UserName', '12.1'], [0x15, 'Password', '12.1'],
      [0x16, 'Move', '14.0'], [0x17, 'DstFldId', '14.0'], [0x18, 'ConversationId', '14.0'],
      [0x19, 'MoveAlways', '14.0'],
    ],
  },
  {
    page: 21, namespace: 'ComposeMail', prefix: 'composemail', section: '2.1.2.1.22', since: '14.0',
    tags: [
      [0x05, 'SendMail'], [0x06, 'SmartForward'], [0x07, 'SmartReply'], [0x08, 'SaveInSentItems'],
      [0x09, 'ReplaceMime'], [0x0b, 'Source'], [0x0c, 'FolderId'], [0x0d, 'ItemId'], [0x0e, 'LongId'],
      [0x0f, 'InstanceId'], [0x10, 'Mime'], [0x11, 'ClientId'], [0x12, 'Status'],
      [0x13, 'AccountId', '14.1'], [0x15, 'Forwardees', '16.0'], [0x16, 'Forwardee', '16.0'],
      [0x17, 'ForwardeeName', '16.0'], [0x18, 'ForwardeeEmail', '16.0'],
    ],
  },
  {
    page: 22, namespace: 'Email2', prefix: 'email2', section: '2.1.2.1.23', since: '14.0',
    tags: [
      [0x05, 'UmCallerID'], [0x06, 'UmUserNotes'], [0x07, 'UmAttDuration'], [0x08, 'UmAttOrder'],
      [0x09, 'ConversationId'], [0x0a, 'ConversationIndex'], [0x0b, 'LastVerbExecuted'],
      [0x0c, 'LastVerbExecutionTime'], [0x0d, 'ReceivedAsBcc'], [0x0e, 'Sender'],
      [0x0f, 'CalendarType'], [0x10, 'IsLeapMonth'], [0x11, 'AccountId', '14.1'],
      [0x12, 'FirstDayOfWeek', '14.1'], [0x13, 'MeetingMessageType', '14.1'],
      [0x15, 'IsDraft', '16.0'], [0x16, 'Bcc', '16.0'], [0x17, 'Send', '16.0'],
    ],
  },
  {
    page: 23, namespace: 'Notes', prefix: 'notes', section: '2.1.2.1.24', since: '14.0',
    tags: [
      [0x05, 'Subject'], [0x06, 'MessageClass'], [0x07, 'LastModifiedDate'], [0x08, 'Categories'],
      [0x09, 'Category'],
    ],
  },
  {
    page: 24, namespace: 'RightsManagement', prefix: 'rm', section: '2.1.2.1.25', since: '14.1',
    tags: [
      [0x05, 'RightsManagementSupport'], [0x06, 'RightsManagementTemplates'],
      [0x07, 'RightsManagementTemplate'], [0x08, 'RightsManagementLicense'], [0x09, 'EditAllowed'],
      [0x0a, 'ReplyAllowed'], [0x0b, 'ReplyAllAllowed'], [0x0c, 'ForwardAllowed'],
      [0x0d, 'ModifyRecipientsAllowed'], [0x0e, 'ExtractAllowed'], [0x0f, 'PrintAllowed'],
      [0x10, 'ExportAllowed'], [0x11, 'ProgrammaticAccessAllowed'], [0x12, 'Owner'],
      [0x13, 'ContentExpiryDate'], [0x14, 'TemplateID'], [0x15, 'TemplateName'],
      [0x16, 'TemplateDescription'], [0x17, 'ContentOwner'],
      [0x18, 'RemoveRightsManagementProtection'],
    ],
  },
  {
    // Tokens 0x0F, 0x10 and 0x1A..0x1F are unassigned in the spec's table.
    page: 25, namespace: 'Find', prefix: 'find', section: '2.1.2.1.26', since: '16.1',
    tags: [
      [0x05, 'Find'], [0x06, 'SearchId'], [0x07, 'ExecuteSearch'], [0x08, 'MailBoxSearchCriterion'],
      [0x09, 'Query'], [0x0a, 'Status'], [0x0b, 'FreeText'], [0x0c, 'Options'], [0x0d, 'Range'],
      [0x0e, 'DeepTraversal'], [0x11, 'Response'], [0x12, 'Result'], [0x13, 'Properties'],
      [0x14, 'Preview'], [0x15, 'HasAttachments'], [0x16, 'Total'], [0x17, 'DisplayCc'],
      [0x18, 'DisplayBcc'], [0x19, 'GalSearchCriterion'], [0x20, 'MaxPictures'], [0x21, 'MaxSize'],
      [0x22, 'Picture'],
    ],
  },
];
