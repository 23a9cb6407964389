/**
 * What a device asks of email bodies, read from a Sync collection's (or an ItemOperations
 * fetch's) Options: MS-ASAIRS BodyPreference (12.0+), MIMESupport, and at 2.5 the
 * Truncation / MIMETruncation codes. The same reading serves Sync, ItemOperations and Search.
 */
import type { WbxmlElement } from '@mail/wbxml';
import { children, EasProtocolError } from '../command';

/** MS-ASAIRS 2.2.2.22.1 Type: 1 plain text, 2 HTML, 3 RTF, 4 MIME. */
export type EasBodyType = 1 | 2 | 3 | 4;

export interface BodyPreference {
  type: EasBodyType;
  /** Bytes; undefined: the whole body. */
  truncationSize?: number;
  /** Send no data at all rather than a truncated body. */
  allOrNone: boolean;
  /** 14.0+: characters of preview text wanted (at most 255). */
  preview?: number;
}

export interface EmailOptions {
  bodyPreferences: BodyPreference[];
  /** MS-ASCMD 2.2.3.100: 0 never MIME, 1 MIME for S/MIME messages only, 2 MIME for all. */
  mimeSupport: 0 | 1 | 2;
  /** 2.5 only: body text and MIME cut at these many bytes; undefined: not cut. */
  truncation?: number;
  mimeTruncation?: number;
}

export const DEFAULT_EMAIL_OPTIONS: EmailOptions = { bodyPreferences: [], mimeSupport: 0 };

/** MS-ASCMD 2.2.3.185 Truncation (2.5): code -> bytes; 9 does not truncate. */
const TRUNCATION_BYTES = [0, 512, 1024, 2048, 5120, 10240, 20480, 51200, 102400];
/** MS-ASCMD 2.2.3.101 MIMETruncation: code -> bytes; 8 does not truncate. */
const MIME_TRUNCATION_BYTES = [0, 4096, 5120, 7168, 10240, 20480, 51200, 102400];
const MAX_TRUNCATION_SIZE = 4_294_967_295;
const MAX_PREVIEW = 255;
/** More preferences than body types is a malformed request. */
const MAX_BODY_PREFERENCES = 8;

function integer(text: string | undefined, what: string, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,10}$/.test(text) || Number(text) > max)
    throw new EasProtocolError(`${what} must be an integer from 0 to ${max}`);
  return Number(text);
}

const textOf = (element: WbxmlElement, tag: string) => {
  const child = children(element).find((c) => c.tag === tag);
  if (!child) return undefined;
  if (typeof child.content !== 'string') throw new EasProtocolError(`${tag} must hold text`);
  return child.content;
};

function bodyPreference(element: WbxmlElement): BodyPreference {
  const type = integer(textOf(element, 'Type'), 'BodyPreference/Type', 4);
  if (type === undefined || type < 1) throw new EasProtocolError('BodyPreference needs a Type 1-4');
  const allOrNone = integer(textOf(element, 'AllOrNone'), 'AllOrNone', 1);
  return {
    type: type as EasBodyType,
    truncationSize: integer(
      textOf(element, 'TruncationSize'),
      'TruncationSize',
      MAX_TRUNCATION_SIZE,
    ),
    allOrNone: allOrNone === 1,
    preview: integer(textOf(element, 'Preview'), 'Preview', MAX_PREVIEW),
  };
}

/** The email options of an Options element (absent: the defaults). */
export function readEmailOptions(options: WbxmlElement | undefined): EmailOptions {
  if (!options) return DEFAULT_EMAIL_OPTIONS;
  const preferences = children(options).filter(
    (c) => c.ns === 'AirSyncBase' && c.tag === 'BodyPreference',
  );
  if (preferences.length > MAX_BODY_PREFERENCES)
    throw new EasProtocolError(`at most ${MAX_BODY_PREFERENCES} BodyPreference elements`);
  const truncation = integer(textOf(options, 'Truncation'), 'Truncation', 9);
  const mimeTruncation = integer(textOf(options, 'MIMETruncation'), 'MIMETruncation', 8);
  return {
    bodyPreferences: preferences.map(bodyPreference),
    mimeSupport: (integer(textOf(options, 'MIMESupport'), 'MIMESupport', 2) ?? 0) as 0 | 1 | 2,
    truncation: truncation === undefined ? undefined : TRUNCATION_BYTES[truncation],
    mimeTruncation:
      mimeTruncation === undefined ? undefined : MIME_TRUNCATION_BYTES[mimeTruncation],
  };
}
