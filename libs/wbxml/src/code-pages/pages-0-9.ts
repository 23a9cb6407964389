// [MS-ASWBXML] code pages 0..9, section 2.1.2.1.<page + 1>. Tag names and tokens are the spec's.
// Protocol 2.5 devices still send and receive the pre-AirSyncBase tags (email:Body,
// email:Attachments, airsync:Truncation, ...), which the current tables no longer print; they
// are listed here with `until: '2.5'` so that a 2.5 Sync decodes and encodes, and tagInVersion()
// tells the command layer not to use them for 12.0+. Each such row cites where its name and
// range come from, because the 16.1 spec tables cannot be the source for them.
// Still absent, because no Microsoft source we could read confirms their name or range:
// Email 0x09 (libwbxml "AttOId") and 0x0B AttRemoved, AirSync 0x11/0x1A/0x1F, the Rtf tokens
// Contacts 0x3B, Calendar 0x10, Tasks 0x21, and the 2.5-only tokens of pages 6, 7, 8, 13, 14, 15.
import type { PageSpec } from './types';

export const PAGES_0_9: readonly PageSpec[] = [
  {
    page: 0, namespace: 'AirSync', prefix: 'airsync', section: '2.1.2.1.1', since: '2.5',
    tags: [
      [0x05, 'Sync'], [0x06, 'Responses'], [0x07, 'Add'], [0x08, 'Change'], [0x09, 'Delete'],
      [0x0a, 'Fetch'], [0x0b, 'SyncKey'], [0x0c, 'ClientId'], [0x0d, 'ServerId'], [0x0e, 'Status'],
      [0x0f, 'Collection'], [0x10, 'Class'], [0x12, 'CollectionId'], [0x13, 'GetChanges'],
      [0x14, 'MoreAvailable'], [0x15, 'WindowSize'], [0x16, 'Commands'], [0x17, 'Options'],
      [0x18, 'FilterType'],
      // [MS-ASCMD] 2.2.3.185: truncates only the 2.5-only calendar/contacts/email/tasks:Body.
      [0x19, 'Truncation', '2.5', '2.5'], [0x1b, 'Conflict'], [0x1c, 'Collections'], [0x1d, 'ApplicationData'],
      [0x1e, 'DeletesAsMoves'], [0x20, 'Supported'], [0x21, 'SoftDelete'], [0x22, 'MIMESupport'],
      [0x23, 'MIMETruncation'], [0x24, 'Wait', '12.1'], [0x25, 'Limit', '12.1'],
      [0x26, 'Partial', '12.1'], [0x27, 'ConversationMode', '14.0'], [0x28, 'MaxItems', '14.0'],
      [0x29, 'HeartbeatInterval', '14.0'],
    ],
  },
  {
    page: 1, namespace: 'Contacts', prefix: 'contacts', section: '2.1.2.1.2', since: '2.5',
    tags: [
      [0x05, 'Anniversary'], [0x06, 'AssistantName'], [0x07, 'AssistantPhoneNumber'],
      [0x08, 'Birthday'],
      // [MS-ASCNTC] 2.2.2.7.1/2.2.2.9: contacts:Body/BodyTruncated are 2.5 only (BodySize with them).
      [0x09, 'Body', '2.5', '2.5'], [0x0a, 'BodySize', '2.5', '2.5'], [0x0b, 'BodyTruncated', '2.5', '2.5'],
      [0x0c, 'Business2PhoneNumber'], [0x0d, 'BusinessAddressCity'],
      [0x0e, 'BusinessAddressCountry'], [0x0f, 'BusinessAddressPostalCode'],
      [0x10, 'BusinessAddressState'], [0x11, 'BusinessAddressStreet'], [0x12, 'BusinessFaxNumber'],
      [0x13, 'BusinessPhoneNumber'], [0x14, 'CarPhoneNumber'], [0x15, 'Categories'],
      [0x16, 'Category'], [0x17, 'Children'], [0x18, 'Child'], [0x19, 'CompanyName'],
      [0x1a, 'Department'], [0x1b, 'Email1Address'], [0x1c, 'Email2Address'],
      [0x1d, 'Email3Address'], [0x1e, 'FileAs'], [0x1f, 'FirstName'], [0x20, 'Home2PhoneNumber'],
      [0x21, 'HomeAddressCity'], [0x22, 'HomeAddressCountry'], [0x23, 'HomeAddressPostalCode'],
      [0x24, 'HomeAddressState'], [0x25, 'HomeAddressStreet'], [0x26, 'HomeFaxNumber'],
      [0x27, 'HomePhoneNumber'], [0x28, 'JobTitle'], [0x29, 'LastName'], [0x2a, 'MiddleName'],
      [0x2b, 'MobilePhoneNumber'], [0x2c, 'OfficeLocation'], [0x2d, 'OtherAddressCity'],
      [0x2e, 'OtherAddressCountry'], [0x2f, 'OtherAddressPostalCode'], [0x30, 'OtherAddressState'],
      [0x31, 'OtherAddressStreet'], [0x32, 'PagerNumber'], [0x33, 'RadioPhoneNumber'],
      [0x34, 'Spouse'], [0x35, 'Suffix'], [0x36, 'Title'], [0x37, 'WebPage'],
      [0x38, 'YomiCompanyName'], [0x39, 'YomiFirstName'], [0x3a, 'YomiLastName'],
      [0x3c, 'Picture'], [0x3d, 'Alias', '14.0'], [0x3e, 'WeightedRank', '14.0'],
    ],
  },
  {
    page: 2, namespace: 'Email', prefix: 'email', section: '2.1.2.1.3', since: '2.5',
    tags: [
      // [MS-ASEMAIL] 2.2.2.4.2 (Attachments), 2.2.2.6, 2.2.2.10.2, 2.2.2.12, 2.2.2.13, 2.2.2.28:
      // 2.5 only; Attachment/AttSize/AttMethod are children of the 2.5-only email:Attachments.
      [0x05, 'Attachment', '2.5', '2.5'], [0x06, 'Attachments', '2.5', '2.5'],
      [0x07, 'AttName', '2.5', '2.5'], [0x08, 'AttSize', '2.5', '2.5'], [0x0a, 'AttMethod', '2.5', '2.5'],
      [0x0c, 'Body', '2.5', '2.5'], [0x0d, 'BodySize', '2.5', '2.5'], [0x0e, 'BodyTruncated', '2.5', '2.5'],
      [0x0f, 'DateReceived'], [0x10, 'DisplayName', '2.5', '2.5'], [0x11, 'DisplayTo'], [0x12, 'Importance'], [0x13, 'MessageClass'],
      [0x14, 'Subject'], [0x15, 'Read'], [0x16, 'To'], [0x17, 'Cc'], [0x18, 'From'],
      [0x19, 'ReplyTo'], [0x1a, 'AllDayEvent'], [0x1b, 'Categories', '14.0'],
      [0x1c, 'Category', '14.0'], [0x1d, 'DtStamp'], [0x1e, 'EndTime'], [0x1f, 'InstanceType'],
      [0x20, 'BusyStatus'], [0x21, 'Location', '2.5', '14.1'], [0x22, 'MeetingRequest'],
      [0x23, 'Organizer'], [0x24, 'RecurrenceId'], [0x25, 'Reminder'], [0x26, 'ResponseRequested'],
      [0x27, 'Recurrences'], [0x28, 'Recurrence'], [0x29, 'Type'], [0x2a, 'Until'],
      [0x2b, 'Occurrences'], [0x2c, 'Interval'], [0x2d, 'DayOfWeek'], [0x2e, 'DayOfMonth'],
      [0x2f, 'WeekOfMonth'], [0x30, 'MonthOfYear'], [0x31, 'StartTime'], [0x32, 'Sensitivity'],
      [0x33, 'TimeZone'], [0x34, 'GlobalObjId', '2.5', '14.1'], [0x35, 'ThreadTopic'],
      // [MS-ASEMAIL] 2.2.2.50..2.2.2.52: 2.5 only.
      [0x36, 'MIMEData', '2.5', '2.5'], [0x37, 'MIMETruncated', '2.5', '2.5'], [0x38, 'MIMESize', '2.5', '2.5'],
      // InternetCPID: "All" in the MS-ASWBXML table (it was wrongly marked 12.0 here).
      [0x39, 'InternetCPID'], [0x3a, 'Flag', '12.0'], [0x3b, 'Status', '12.0'],
      [0x3c, 'ContentClass', '12.0'], [0x3d, 'FlagType', '12.0'], [0x3e, 'CompleteTime', '12.0'],
      [0x3f, 'DisallowNewTimeProposal', '14.0'],
    ],
  },
  // Code page 3 is reserved for AirNotify, which MS-ASWBXML lists as no longer used: no tags.
  { page: 3, namespace: 'AirNotify', prefix: 'airnotify', section: '2.1.2.1.4', since: '2.5', tags: [] },
  {
    page: 4, namespace: 'Calendar', prefix: 'calendar', section: '2.1.2.1.5', since: '2.5',
    tags: [
      [0x05, 'Timezone'], [0x06, 'AllDayEvent'], [0x07, 'Attendees'], [0x08, 'Attendee'],
      [0x09, 'Email'], [0x0a, 'Name'],
      // [MS-ASCAL] 2.2.2.7.2: calendar:Body is 2.5 only (BodyTruncated with it).
      [0x0b, 'Body', '2.5', '2.5'], [0x0c, 'BodyTruncated', '2.5', '2.5'], [0x0d, 'BusyStatus'], [0x0e, 'Categories'],
      [0x0f, 'Category'], [0x11, 'DtStamp'], [0x12, 'EndTime'], [0x13, 'Exception'],
      // ExceptionStartTime: MS-ASWBXML and [MS-ASCAL] say 16.0/16.1 do not carry it (InstanceId instead).
      [0x14, 'Exceptions'], [0x15, 'Deleted'], [0x16, 'ExceptionStartTime', '2.5', '14.1'],
      [0x17, 'Location', '2.5', '14.1'], [0x18, 'MeetingStatus'], [0x19, 'OrganizerEmail'],
      [0x1a, 'OrganizerName'], [0x1b, 'Recurrence'], [0x1c, 'Type'], [0x1d, 'Until'],
      [0x1e, 'Occurrences'], [0x1f, 'Interval'], [0x20, 'DayOfWeek'], [0x21, 'DayOfMonth'],
      [0x22, 'WeekOfMonth'], [0x23, 'MonthOfYear'], [0x24, 'Reminder'], [0x25, 'Sensitivity'],
      [0x26, 'Subject'], [0x27, 'StartTime'], [0x28, 'UID'], [0x29, 'AttendeeStatus', '12.0'],
      [0x2a, 'AttendeeType', '12.0'], [0x33, 'DisallowNewTimeProposal', '14.0'],
      [0x34, 'ResponseRequested', '14.0'], [0x35, 'AppointmentReplyTime', '14.0'],
      [0x36, 'ResponseType', '14.0'], [0x37, 'CalendarType', '14.0'], [0x38, 'IsLeapMonth', '14.0'],
      [0x39, 'FirstDayOfWeek', '14.1'], [0x3a, 'OnlineMeetingConfLink', '14.1'],
      [0x3b, 'OnlineMeetingExternalLink', '14.1'], [0x3c, 'ClientUid', '16.0'],
    ],
  },
  {
    page: 5, namespace: 'Move', prefix: 'move', section: '2.1.2.1.6', since: '2.5',
    tags: [
      [0x05, 'MoveItems'], [0x06, 'Move'], [0x07, 'SrcMsgId'], [0x08, 'SrcFldId'],
      [0x09, 'DstFldId'], [0x0a, 'Response'], [0x0b, 'Status'], [0x0c, 'DstMsgId'],
    ],
  },
  {
    page: 6, namespace: 'GetItemEstimate', prefix: 'getitemestimate', section: '2.1.2.1.7', since: '2.5',
    tags: [
      [0x05, 'GetItemEstimate'], [0x07, 'Collections'], [0x08, 'Collection'],
      [0x09, 'Class', '2.5', '12.1'], [0x0a, 'CollectionId'], [0x0c, 'Estimate'],
      [0x0d, 'Response'], [0x0e, 'Status'],
    ],
  },
  {
    page: 7, namespace: 'FolderHierarchy', prefix: 'folderhierarchy', section: '2.1.2.1.8', since: '2.5',
    tags: [
      // Folders/Folder belong to the GetHierarchy command, which ends with 12.1.
      [0x05, 'Folders', '2.5', '12.1'], [0x06, 'Folder', '2.5', '12.1'], [0x07, 'DisplayName'],
      [0x08, 'ServerId'], [0x09, 'ParentId'], [0x0a, 'Type'], [0x0c, 'Status'], [0x0e, 'Changes'],
      [0x0f, 'Add'], [0x10, 'Delete'], [0x11, 'Update'], [0x12, 'SyncKey'], [0x13, 'FolderCreate'],
      [0x14, 'FolderDelete'], [0x15, 'FolderUpdate'], [0x16, 'FolderSync'], [0x17, 'Count'],
    ],
  },
  {
    page: 8, namespace: 'MeetingResponse', prefix: 'meetingresponse', section: '2.1.2.1.9', since: '2.5',
    tags: [
      [0x05, 'CalendarId'], [0x06, 'CollectionId'], [0x07, 'MeetingResponse'], [0x08, 'RequestId'],
      [0x09, 'Request'], [0x0a, 'Result'], [0x0b, 'Status'], [0x0c, 'UserResponse'],
      // Proposed*Time: 16.1 only per MS-ASWBXML and [MS-ASCMD] (16.0 does not carry them).
      [0x0e, 'InstanceId', '14.1'], [0x10, 'ProposedStartTime', '16.1'],
      [0x11, 'ProposedEndTime', '16.1'], [0x12, 'SendResponse', '16.0'],
    ],
  },
  {
    page: 9, namespace: 'Tasks', prefix: 'tasks', section: '2.1.2.1.10', since: '2.5',
    tags: [
      // [MS-ASTASK] 2.2.2.1.2..2.2.2.3: 2.5 only.
      [0x05, 'Body', '2.5', '2.5'], [0x06, 'BodySize', '2.5', '2.5'], [0x07, 'BodyTruncated', '2.5', '2.5'],
      [0x08, 'Categories'], [0x09, 'Category'], [0x0a, 'Complete'], [0x0b, 'DateCompleted'],
      [0x0c, 'DueDate'], [0x0d, 'UtcDueDate'], [0x0e, 'Importance'], [0x0f, 'Recurrence'],
      [0x10, 'Type'], [0x11, 'Start'], [0x12, 'Until'], [0x13, 'Occurrences'], [0x14, 'Interval'],
      [0x15, 'DayOfMonth'], [0x16, 'DayOfWeek'], [0x17, 'WeekOfMonth'], [0x18, 'MonthOfYear'],
      [0x19, 'Regenerate'], [0x1a, 'DeadOccur'], [0x1b, 'ReminderSet'], [0x1c, 'ReminderTime'],
      [0x1d, 'Sensitivity'], [0x1e, 'StartDate'], [0x1f, 'UtcStartDate'], [0x20, 'Subject'],
      [0x22, 'OrdinalDate', '12.0'], [0x23, 'SubOrdinalDate', '12.0'], [0x24, 'CalendarType', '14.0'],
      [0x25, 'IsLeapMonth', '14.0'], [0x26, 'FirstDayOfWeek', '14.1'],
    ],
  },
];
