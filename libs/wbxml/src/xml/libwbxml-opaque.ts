// Fields libwbxml 0.11.8's xml2wbxml writes as OPAQUE (base64-decoding their text) and whose
// OPAQUE content wbxml2xml prints back as base64 without a marker. Found by encoding a document
// holding every MS-ASWBXML tag with base64 text and looking for OPAQUE tokens in the output
// (the cross-check spec asserts this list still holds). Only consulted when reading with `libwbxml: true`.
export const LIBWBXML_OPAQUE: ReadonlySet<string> = new Set<string>([
  'Email2:ConversationId',
  'Email2:ConversationIndex',
  'Search:ConversationId',
  'ItemOperations:ConversationId',
  'ResolveRecipients:Data',
  'GAL:Data',
  'AirSyncBase:Content',
  'ComposeMail:Mime',
]);
