// Every error this library raises, with closed sets of codes. EAS handlers map a
// WbxmlDecodeError to the command's protocol-error status; nothing else escapes decode().

/** Why bytes from a device were refused. */
export type WbxmlDecodeErrorCode =
  /** Input ended early: inside the header, a string, an OPAQUE body, or before the root closed. */
  | 'truncated'
  /** Header is not WBXML 1.3, public ID 1 (unknown), UTF-8, empty string table. */
  | 'bad-header'
  /** SWITCH_PAGE to a page MS-ASWBXML does not define (> 25). */
  | 'unknown-page'
  /** A tag token the current code page does not assign. */
  | 'unknown-token'
  /** A WBXML construct EAS never uses: attributes, ENTITY, LITERAL*, EXT*, PI, STR_T. */
  | 'unsupported-token'
  /** A multi-byte integer longer than 5 bytes or above 2^32 - 1. */
  | 'bad-integer'
  /** An inline string that is not valid UTF-8. */
  | 'bad-utf8'
  /** Misplaced tokens: END or data outside the root, text mixed with elements, trailing bytes. */
  | 'bad-structure'
  /** Elements nested deeper than limits.maxDepth. */
  | 'too-deep'
  /** Input longer than limits.maxInputBytes, or more elements than limits.maxElements. */
  | 'too-large';

export class WbxmlDecodeError extends Error {
  override readonly name = 'WbxmlDecodeError';
  constructor(
    readonly code: WbxmlDecodeErrorCode,
    /** Byte offset in the input where the problem was found. */
    readonly offset: number,
    detail?: string,
  ) {
    super(`WBXML ${code} at byte ${offset}${detail ? `: ${detail}` : ''}`);
  }
}

/** Why a tree could not be encoded (a bug on our side, not device input). */
export type WbxmlEncodeErrorCode =
  | 'unknown-namespace'
  | 'unknown-tag'
  /** Text with a NUL or a lone surrogate, which STR_I cannot carry exactly. */
  | 'bad-text'
  | 'bad-content'
  | 'too-deep';

export class WbxmlEncodeError extends Error {
  override readonly name = 'WbxmlEncodeError';
  constructor(
    readonly code: WbxmlEncodeErrorCode,
    /** Slash-separated path of the offending element, e.g. "Sync/Collections/Collection". */
    readonly path: string,
    detail?: string,
  ) {
    super(`WBXML encode ${code} at ${path}${detail ? `: ${detail}` : ''}`);
  }
}

/** Why XML text could not be read into a tree. */
export type XmlViewErrorCode =
  /** Not well-formed XML, or XML features the view does not carry (attributes, mixed content). */
  'bad-xml' | 'unknown-namespace' | 'unknown-tag' | 'bad-base64' | 'too-deep' | 'too-large';

export class XmlViewError extends Error {
  override readonly name = 'XmlViewError';
  constructor(
    readonly code: XmlViewErrorCode,
    /** 1-based line in the XML text. */
    readonly line: number,
    detail?: string,
  ) {
    super(`XML ${code} at line ${line}${detail ? `: ${detail}` : ''}`);
  }
}
