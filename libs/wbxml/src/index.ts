// Public entry of @mail/wbxml: the MS-ASWBXML code pages, a strict decoder, a canonical
// encoder and an XML view for logs, tests and the command-line tool.
export type { PageSpec, ProtocolVersion, TagRow } from './code-pages/types';
export { PROTOCOL_VERSIONS } from './code-pages/types';
export type { PageInfo, TagInfo } from './code-pages/registry';
export { CODE_PAGES, PAGES, pageForUri, pageOf, tagInVersion, tagOf } from './code-pages/registry';
export type { WbxmlContent, WbxmlElement } from './tree';
export { el, isChildren, treesEqual } from './tree';
export type { WbxmlDecodeErrorCode, WbxmlEncodeErrorCode, XmlViewErrorCode } from './errors';
export { WbxmlDecodeError, WbxmlEncodeError, XmlViewError } from './errors';
export type { WbxmlLimits } from './limits';
export { DEFAULT_LIMITS, resolveLimits } from './limits';
export type { DecodeOptions } from './decoder';
export { decode } from './decoder';
export type { EncodeOptions } from './encoder';
export { encode, encodeReusable } from './encoder';
export type { XmlWriteOptions } from './xml/xml-writer';
export { toXml } from './xml/xml-writer';
export type { XmlReadOptions } from './xml/xml-reader';
export { fromXml } from './xml/xml-reader';
export { fromBase64, toBase64 } from './xml/base64';
export { LIBWBXML_NAMES, TO_LIBWBXML_NAMES } from './xml/libwbxml-names';
