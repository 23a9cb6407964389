/**
 * ResolveRecipients (MS-ASCMD 2.2.1.15): each To resolved against the GAL and the user's
 * contacts; with availability (merged free/busy of local users from their calendars, 14.0+),
 * the S/MIME certificates the directory publishes (resolve-recipients/certificates.ts) and
 * pictures (14.1+).
 * Statuses (2.2.3.177.12): Response 1 resolved, 2 ambiguous, 3 ambiguous and partial, 4 not
 * found; top level 5 protocol error, 6 server error; Certificates 1, 7 none, 8 limit reached;
 * Availability 1, 160 too many recipients, 162 temporarily unavailable, 163 no free/busy data.
 */
import { FREE_BUSY_MAX_DAYS, FreeBusyGet } from '@mail/contracts';
import { el, type WbxmlElement } from '@mail/wbxml';
import { expectRoot, type EasCommand, type EasContext } from '../command';
import { pictureElement } from '../gal/gal-properties';
import { picturesFor, type Picture } from '../gal/picture-options';
import { atLeast, versionsFrom } from '../protocol';
import { candidates, type Candidate } from '../resolve-recipients/candidates';
import { certificatesFor, type RecipientCertificates } from '../resolve-recipients/certificates';
import { mergedFreeBusy } from '../resolve-recipients/merged-free-busy';
import {
  parseResolveRecipients,
  type ResolveRecipientsRequest,
} from '../resolve-recipients/resolve-request';

const NS = 'ResolveRecipients';
export const RESOLVE_STATUS = {
  success: 1,
  ambiguous: 2,
  ambiguousPartial: 3,
  notFound: 4,
  protocolError: 5,
  serverError: 6,
} as const;
export const AVAILABILITY_STATUS = {
  success: 1,
  tooManyRecipients: 160,
  unavailable: 162,
  noData: 163,
} as const;
/** Exchange gives free/busy for at most 100 recipients per request. */
const MAX_AVAILABILITY_RECIPIENTS = 100;

interface Availability {
  status: number;
  mergedFreeBusy?: string;
}
interface Resolved extends Candidate {
  availability?: Availability;
  certificates?: RecipientCertificates;
  picture?: Picture;
}
export interface ResolveRecipientsResponse {
  responses: Array<{ to: string; status: number; recipients: Resolved[] }>;
}

async function availabilityOf(
  context: EasContext,
  candidate: Candidate,
  window: { start: number; end: number },
): Promise<Availability> {
  if (candidate.kind !== 'mailbox') return { status: AVAILABILITY_STATUS.noData };
  const identity = await context.services.directory.identify(candidate.emailAddress);
  if (!identity.found || !identity.userPrincipalName) return { status: AVAILABILITY_STATUS.noData };
  const end = Math.min(window.end, window.start + FREE_BUSY_MAX_DAYS * 86_400_000);
  try {
    const { intervals } = await context.bus.request(FreeBusyGet, {
      mailbox: identity.userPrincipalName,
      start: new Date(window.start).toISOString(),
      end: new Date(end).toISOString(),
    });
    return {
      status: AVAILABILITY_STATUS.success,
      mergedFreeBusy: mergedFreeBusy(window.start, end, intervals),
    };
  } catch (error) {
    context.log.warn({ err: error, recipient: candidate.emailAddress }, 'free/busy unavailable');
    return { status: AVAILABILITY_STATUS.unavailable };
  }
}

async function handle(
  request: ResolveRecipientsRequest,
  context: EasContext,
): Promise<ResolveRecipientsResponse> {
  const found = await candidates(context, request.names, request.maxAmbiguous);
  const responses = found.map((list, i) => {
    const partial = list.length > request.maxAmbiguous;
    const recipients: Resolved[] = list.length === 1 ? list : list.slice(0, request.maxAmbiguous);
    const status =
      list.length === 0
        ? RESOLVE_STATUS.notFound
        : list.length === 1
          ? RESOLVE_STATUS.success
          : partial
            ? RESOLVE_STATUS.ambiguousPartial
            : RESOLVE_STATUS.ambiguous;
    return { to: request.names[i], status, recipients };
  });
  const all = responses.flatMap((r) => r.recipients);
  const window = request.availability;
  if (window && atLeast(context.version, '14.0')) {
    const tooMany = all.length > MAX_AVAILABILITY_RECIPIENTS;
    for (const recipient of all)
      recipient.availability = tooMany
        ? { status: AVAILABILITY_STATUS.tooManyRecipients }
        : await availabilityOf(context, recipient, window);
  }
  if (request.certificates) {
    const certificates = await certificatesFor(
      context,
      all.map((r) => (r.kind === 'mailbox' ? r.emailAddress : null)),
      request.maxCertificates,
    );
    all.forEach((r, i) => (r.certificates = certificates[i]));
  }
  if (request.pictures && atLeast(context.version, '14.1')) {
    const galRecipients = all.filter((r) => r.type === 1);
    const pictures = await picturesFor(
      context,
      galRecipients.map((r) => r.emailAddress),
      request.pictures,
    );
    galRecipients.forEach((r, i) => (r.picture = pictures[i]));
  }
  return { responses };
}

function recipientElement(recipient: Resolved): WbxmlElement {
  const { availability, certificates, picture } = recipient;
  return el(NS, 'Recipient', [
    el(NS, 'Type', String(recipient.type)),
    el(NS, 'DisplayName', recipient.displayName),
    el(NS, 'EmailAddress', recipient.emailAddress),
    ...(availability
      ? [
          el(NS, 'Availability', [
            el(NS, 'Status', String(availability.status)),
            ...(availability.mergedFreeBusy === undefined
              ? []
              : [el(NS, 'MergedFreeBusy', availability.mergedFreeBusy)]),
          ]),
        ]
      : []),
    ...(certificates
      ? [
          el(NS, 'Certificates', [
            el(NS, 'Status', String(certificates.status)),
            el(NS, 'CertificateCount', String(certificates.certificates.length)),
            ...certificates.certificates.map((der) => el(NS, 'Certificate', der)),
          ]),
        ]
      : []),
    ...(picture ? [pictureElement(NS, picture)] : []),
  ]);
}

function write(response: ResolveRecipientsResponse): WbxmlElement {
  return el(NS, 'ResolveRecipients', [
    el(NS, 'Status', '1'),
    ...response.responses.map((r) =>
      el(NS, 'Response', [
        el(NS, 'To', r.to),
        el(NS, 'Status', String(r.status)),
        el(NS, 'RecipientCount', String(r.recipients.length)),
        ...r.recipients.map(recipientElement),
      ]),
    ),
  ]);
}

export const resolveRecipients: EasCommand<ResolveRecipientsRequest, ResolveRecipientsResponse> = {
  name: 'ResolveRecipients',
  versions: versionsFrom('12.0'),
  requiresPolicyKey: true,
  allowedWhenQuarantined: false,
  body: 'wbxml',
  root: { ns: NS, tag: 'ResolveRecipients' },
  protocolErrorStatus: RESOLVE_STATUS.protocolError,
  serverErrorStatus: RESOLVE_STATUS.serverError,
  parse: (body) => parseResolveRecipients(expectRoot(body, NS, 'ResolveRecipients')),
  handle,
  write,
};
