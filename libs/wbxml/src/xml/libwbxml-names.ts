// Element names libwbxml 0.11.8 (Debian's wbxml2xml/xml2wbxml) spells differently from
// [MS-ASWBXML] for the same page and token, as listed in shared/conformance/libwbxml-names.txt
// (found by decoding every token with wbxml2xml). The XML reader accepts these only when asked
// (`libwbxml: true`), and the cross-check tests use the reverse map to compare documents.

/** namespace -> libwbxml name -> MS-ASWBXML name */
export const LIBWBXML_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Contacts: {
    AssistantTelephoneNumber: 'AssistantPhoneNumber',
    BusinessCity: 'BusinessAddressCity',
    BusinessCountry: 'BusinessAddressCountry',
    BusinessPostalCode: 'BusinessAddressPostalCode',
    BusinessState: 'BusinessAddressState',
    BusinessStreet: 'BusinessAddressStreet',
    HomeCity: 'HomeAddressCity',
    HomeCountry: 'HomeAddressCountry',
    HomePostalCode: 'HomeAddressPostalCode',
    HomeState: 'HomeAddressState',
    HomeStreet: 'HomeAddressStreet',
    OtherCity: 'OtherAddressCity',
    OtherCountry: 'OtherAddressCountry',
    OtherPostalCode: 'OtherAddressPostalCode',
    OtherState: 'OtherAddressState',
    OtherStreet: 'OtherAddressStreet',
  },
  Email: {
    'Reply-To': 'ReplyTo',
    DTStamp: 'DtStamp',
    Recurrence_Type: 'Type',
    Recurrence_Until: 'Until',
    Recurrence_Occurrences: 'Occurrences',
    Recurrence_Interval: 'Interval',
    Recurrence_DayOfWeek: 'DayOfWeek',
    Recurrence_DayOfMonth: 'DayOfMonth',
    Recurrence_WeekOfMonth: 'WeekOfMonth',
    Recurrence_MonthOfYear: 'MonthOfYear',
    FlagStatus: 'Status',
  },
  Calendar: {
    TimeZone: 'Timezone',
    Attendee_Email: 'Email',
    Attendee_Name: 'Name',
    DTStamp: 'DtStamp',
    Exception_Deleted: 'Deleted',
    Exception_StartTime: 'ExceptionStartTime',
    Organizer_Email: 'OrganizerEmail',
    Organizer_Name: 'OrganizerName',
    Recurrence_Type: 'Type',
    Recurrence_Until: 'Until',
    Recurrence_Occurrences: 'Occurrences',
    Recurrence_Interval: 'Interval',
    Recurrence_DayOfWeek: 'DayOfWeek',
    Recurrence_DayOfMonth: 'DayOfMonth',
    Recurrence_WeekOfMonth: 'WeekOfMonth',
    Recurrence_MonthOfYear: 'MonthOfYear',
    Attendee_Status: 'AttendeeStatus',
    Attendee_Type: 'AttendeeType',
  },
  Tasks: {
    UTCDueDate: 'UtcDueDate',
    Recurrence_Type: 'Type',
    Recurrence_Start: 'Start',
    Recurrence_Until: 'Until',
    Recurrence_Occurrences: 'Occurrences',
    Recurrence_Interval: 'Interval',
    Recurrence_DayOfMonth: 'DayOfMonth',
    Recurrence_DayOfWeek: 'DayOfWeek',
    Recurrence_WeekOfMonth: 'WeekOfMonth',
    Recurrence_MonthOfYear: 'MonthOfYear',
    Recurrence_Regenerate: 'Regenerate',
    Recurrence_DeadOccur: 'DeadOccur',
    UTCStartDate: 'UtcStartDate',
  },
  ValidateCert: {
    CheckCRL: 'CheckCrl',
  },
  Provision: {
    DeviceEncryptionEnabled: 'RequireStorageCardEncryption',
  },
  Settings: {
    SmtpAddress: 'SMTPAddress',
    ihsManagementInformation: 'RightsManagementInformation',
  },
  ComposeMail: {
    MIME: 'Mime',
  },
  RightsManagement: {
    RMOwner: 'Owner',
    RemoveRightsManagementDistribution: 'RemoveRightsManagementProtection',
  },
};

/** namespace -> MS-ASWBXML name -> libwbxml name */
export const TO_LIBWBXML_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> =
  Object.fromEntries(
    Object.entries(LIBWBXML_NAMES).map(([ns, m]) => [
      ns,
      Object.fromEntries(Object.entries(m).map(([a, b]) => [b, a])),
    ]),
  );
