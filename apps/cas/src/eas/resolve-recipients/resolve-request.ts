/**
 * The ResolveRecipients request (MS-ASCMD 2.2.1.15): the names (To), and Options: which
 * certificates to return (CertificateRetrieval 1 none, 2 full, 3 mini), how many ambiguous
 * candidates, an Availability window (14.0+) and Picture (14.1+). Everything is bounded.
 */
import type { WbxmlElement } from '@mail/wbxml';
import { children, childText, EasProtocolError } from '../command';
import { parsePictureOptions, type PictureOptions } from '../gal/picture-options';

/** Names resolved in one request; the XSD bounds each To at 256 characters. */
export const MAX_NAMES = 100;
const MAX_NAME = 256;
/** Candidates for an ambiguous name when the device does not say (Exchange's default). */
const DEFAULT_AMBIGUOUS = 20;
/** One less than the directory returns, so a longer list shows as partial (Status 3). */
const MAX_AMBIGUOUS = 99;

/** Certificates in one answer when the device sets no MaxCertificates. */
const DEFAULT_MAX_CERTIFICATES = 100;

export interface ResolveRecipientsRequest {
  names: string[];
  certificates: boolean;
  /** Certificates in the whole answer (MaxCertificates). */
  maxCertificates: number;
  maxAmbiguous: number;
  availability?: { start: number; end: number };
  pictures?: PictureOptions;
}

function number(parent: WbxmlElement, tag: string): number | undefined {
  const text = childText(parent, tag)?.trim();
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text)) throw new EasProtocolError(`${tag} must be a number`);
  return Number(text);
}

function availability(options: WbxmlElement): ResolveRecipientsRequest['availability'] {
  const element = children(options).find((c) => c.tag === 'Availability');
  if (!element) return undefined;
  const start = Date.parse(childText(element, 'StartTime') ?? '');
  const end = Date.parse(childText(element, 'EndTime') ?? '');
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start)
    throw new EasProtocolError('Availability needs a StartTime before its EndTime');
  return { start, end };
}

export function parseResolveRecipients(root: WbxmlElement): ResolveRecipientsRequest {
  const names = children(root)
    .filter((c) => c.tag === 'To')
    .map((to) => (typeof to.content === 'string' ? to.content.trim() : ''));
  if (names.length === 0 || names.length > MAX_NAMES)
    throw new EasProtocolError(`ResolveRecipients needs 1 to ${MAX_NAMES} To elements`);
  if (names.some((name) => name.length === 0 || name.length > MAX_NAME))
    throw new EasProtocolError(`each To must hold 1 to ${MAX_NAME} characters`);
  const options = children(root).find((c) => c.tag === 'Options');
  if (!options)
    return {
      names,
      certificates: false,
      maxCertificates: DEFAULT_MAX_CERTIFICATES,
      maxAmbiguous: DEFAULT_AMBIGUOUS,
    };
  const retrieval = number(options, 'CertificateRetrieval') ?? 1;
  if (retrieval < 1 || retrieval > 3)
    throw new EasProtocolError('CertificateRetrieval is 1, 2 or 3');
  return {
    names,
    certificates: retrieval !== 1,
    maxCertificates: Math.min(
      number(options, 'MaxCertificates') ?? DEFAULT_MAX_CERTIFICATES,
      DEFAULT_MAX_CERTIFICATES,
    ),
    maxAmbiguous: Math.min(
      number(options, 'MaxAmbiguousRecipients') ?? DEFAULT_AMBIGUOUS,
      MAX_AMBIGUOUS,
    ),
    availability: availability(options),
    pictures: parsePictureOptions(options),
  };
}
