/**
 * The closed set of ways an EAS request fails, and the one table that says how each reaches
 * the device (MS-ASHTTP 2.2.2.1.1, MS-ASCMD 2.2.2, MS-ASPROV 3.1.5.2). From protocol 14.0 a
 * failure that has a common status is answered inside the command's own response (HTTP 200,
 * `<Root><Status>n</Status></Root>`); older versions only understand HTTP status codes.
 */
import { atLeast, type ProtocolVersion } from './protocol';

interface ErrorMapping {
  /** HTTP status for versions below 14.0, and for failures without a command status. */
  readonly http: number;
  /** MS-ASCMD 2.2.2 common status, answered in the command's response from 14.0 on. */
  readonly status?: number;
  /** The command's own protocol-error status, at every version (malformed request bodies). */
  readonly commandProtocolError?: true;
}

export const EAS_ERRORS = {
  /** The query is not a valid plain or base64 query (MS-ASHTTP 2.2.1.1.1), Cmd included. */
  'malformed-query': { http: 400 },
  /** MS-ASProtocolVersion names a version we do not speak. */
  'unsupported-version': { http: 400 },
  /** An EAS command this server does not implement (yet). */
  'command-not-implemented': { http: 501 },
  /** The command does not exist in the negotiated protocol version. */
  'command-not-in-version': { http: 400, status: 137 },
  /** No or wrong credentials, or too many failures (a device must not learn which). */
  unauthenticated: { http: 401 },
  /** The virtual directory requires a client certificate and none valid was presented. */
  'certificate-required': { http: 403 },
  /** User= names someone other than the signed-in user. */
  'user-mismatch': { http: 403 },
  /** The user may not use ActiveSync (MS-ASHTTP 403; UserDisabledForSync). */
  'eas-disabled': { http: 403, status: 126 },
  /** Use another URL (X-MS-Location). */
  redirect: { http: 451 },
  /** DeviceIsBlockedForThisUser. */
  'device-blocked': { http: 403, status: 129 },
  /** Quarantined or still in discovery: only Provision may run. */
  'device-quarantined': { http: 403, status: 141 },
  /** RemoteWipeRequested: the device must Provision to receive the wipe. */
  'wipe-requested': { http: 449, status: 140 },
  /** DeviceNotProvisioned: no policy key (or 0). */
  'not-provisioned': { http: 449, status: 142 },
  /** PolicyRefresh: the key was valid but the policy changed or expired. */
  'policy-refresh': { http: 449, status: 143 },
  /** InvalidPolicyKey: a key this server never gave the device. */
  'invalid-policy-key': { http: 449, status: 144 },
  /** The body is larger than the command accepts; refused before it is read. */
  'body-too-large': { http: 413 },
  /** The body is not a well-formed request of the command: the command's protocol error. */
  'malformed-body': { http: 400, commandProtocolError: true },
  /** A role behind CAS did not answer in time (503 with Retry-After). */
  'role-unavailable': { http: 503 },
  /** A fault of ours; logged where it happened. */
  'server-error': { http: 500 },
  /** A request a pre-14.0 command can refuse only by HTTP (12.x SendMail MIME, GetAttachment). */
  'bad-request': { http: 400 },
  /** A pre-14.0 request for an item or attachment the user does not have: Exchange answers 500. */
  'item-not-found': { http: 500 },
  /** A pre-14.0 attachment the device's policy forbids (GetAttachment). */
  'attachment-blocked': { http: 403 },
  /** A pre-14.0 message transport refused (MS-ASCMD: HTTP 500 before ComposeMail Status). */
  'submission-refused': { http: 500 },
} as const satisfies Record<string, ErrorMapping>;

export type EasErrorCode = keyof typeof EAS_ERRORS;

/** A refused request: thrown by the gate and by handlers, answered by `answerFor`. */
export class EasError extends Error {
  override readonly name = 'EasError';
  constructor(
    readonly code: EasErrorCode,
    message: string = code,
    /** X-MS-Location for a redirect. */
    readonly location?: string,
  ) {
    super(message);
  }
}

export type ErrorAnswer =
  | { kind: 'http'; status: number }
  /** HTTP 200 with the command's response carrying this Status. */
  | { kind: 'status'; status: number };

/**
 * How a failure reaches a device of `version` for a command whose protocol-error status is
 * `protocolErrorStatus` (undefined: the command is unknown, so only HTTP can say it).
 */
export function answerFor(
  code: EasErrorCode,
  version: ProtocolVersion | undefined,
  protocolErrorStatus: number | undefined,
): ErrorAnswer {
  const mapping: ErrorMapping = EAS_ERRORS[code];
  if (mapping.commandProtocolError && protocolErrorStatus !== undefined)
    return { kind: 'status', status: protocolErrorStatus };
  if (
    mapping.status !== undefined &&
    version !== undefined &&
    protocolErrorStatus !== undefined &&
    atLeast(version, '14.0')
  )
    return { kind: 'status', status: mapping.status };
  return { kind: 'http', status: mapping.http };
}
