// WBXML 1.3 global tokens and the fixed header EAS uses ([MS-ASWBXML] 2.1.2:
// version 1.3, public identifier 1 "unknown", charset 106 UTF-8, empty string table).
export const SWITCH_PAGE = 0x00;
export const END = 0x01;
export const STR_I = 0x03;
export const OPAQUE = 0xc3;
/** Tag token bits: the low six bits are the token, 0x40 says content follows, 0x80 attributes. */
export const TAG_CONTENT = 0x40;
export const TAG_ATTRIBUTES = 0x80;
export const TAG_MASK = 0x3f;

export const EAS_HEADER: readonly number[] = [0x03, 0x01, 0x6a, 0x00];
