/**
 * What an EAS command is, as data the gate checks once (STYLE.md: "preconditions declared as
 * data, checked once at a gate"), plus a handler that never re-checks them. Each command is one
 * file in commands/, listed once in commands/index.ts. The handler gets a typed request and
 * the context (who, which device, which version, the bus and CAS's services) and returns a
 * typed response; `write` turns that into the response body.
 */
import type { DeviceReportReply } from '@mail/contracts';
import type { BusClient, Logger } from '@mail/runtime';
import { el, type WbxmlElement } from '@mail/wbxml';
import type { DevicePolicy } from './provisioning/device-policy';
import type { WhenGone } from './push/push-watch';
import type { EasServices } from './services';
import type { EasCommandName, ProtocolVersion } from './protocol';
import type { EasQuery } from './query';

export type BodyKind = 'wbxml' | 'mime' | 'none';

/** The signed-in user a request acts for. */
export interface EasUser {
  userPrincipalName: string;
  /** How the user proved who they are. */
  method: 'basic' | 'certificate' | 'proxy';
}

export interface EasDevice {
  id: string;
  type: string;
  userAgent?: string;
  /** The policy key the device sent (header or base64 field); undefined when it sent none. */
  policyKey?: string;
  /** What the directory said of the device on this request. */
  report: DeviceReportReply;
}

export interface EasContext {
  readonly version: ProtocolVersion;
  readonly query: EasQuery;
  readonly user: EasUser;
  readonly device: EasDevice;
  /** The user's mobile device mailbox policy, as this device's version sees it. */
  readonly policy: DevicePolicy;
  readonly bus: BusClient;
  readonly services: EasServices;
  readonly log: Logger;
  /** Tells a held request that the device went away (a held Ping stops waiting). */
  readonly whenGone: WhenGone;
  /** MS-ASAcceptMultiPart: T, or the base64 query's AcceptMultiPart option (MS-ASHTTP). */
  readonly acceptMultiPart: boolean;
}

/** A request body the command cannot read: answered with its protocol-error status. */
export class EasProtocolError extends Error {
  override readonly name = 'EasProtocolError';
}

/**
 * A body that is not WBXML: an attachment's bytes (GetAttachment) or a multipart answer
 * (ItemOperations with MS-ASAcceptMultiPart), sent with its own content type.
 */
export interface EasRawBody {
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/**
 * What `write` may give: a response tree, bytes already encoded (a repeated answer), a body of
 * another content type, nothing.
 */
export type EasResponseBody = WbxmlElement | Uint8Array | EasRawBody | null;

export interface EasCommand<Request = unknown, Response = unknown> {
  readonly name: EasCommandName;
  /** Protocol versions whose MS-ASCMD version table has the command. */
  readonly versions: readonly ProtocolVersion[];
  /** False only for commands a device uses to become provisioned (Provision). */
  readonly requiresPolicyKey: boolean;
  /** Runs for a quarantined device or one still in discovery (Provision, to get its wipe). */
  readonly allowedWhenQuarantined: boolean;
  readonly body: BodyKind;
  /** Largest request body accepted; EAS_LIMITS.defaultMaxBodyBytes when absent. */
  readonly maxBodyBytes?: number;
  /** Root element of the request and the response (namespace as in MS-ASWBXML). */
  readonly root: { readonly ns: string; readonly tag: string };
  /** The command's Status for a malformed request (MS-ASCMD 2.2.3.177.x). */
  readonly protocolErrorStatus: number;
  /** The command's Status for a fault of ours; HTTP 500 when absent. */
  readonly serverErrorStatus?: number;
  /** Statuses that are normal answers, not failures the throttle counts; [1] when absent. */
  readonly successStatuses?: readonly number[];
  /** The body (a decoded WBXML root, MIME bytes, or null) as a typed request. */
  parse(body: WbxmlElement | Buffer | null, context: EasContext): Request;
  handle(request: Request, context: EasContext): Promise<Response>;
  write(response: Response, context: EasContext): EasResponseBody;
  /** A response carrying only a Status; `<Root><Status>n</Status></Root>` unless given. */
  statusResponse?(status: number, context: EasContext | undefined): WbxmlElement;
}

/** The default status-only response of a command. */
export function statusResponse(
  command: Pick<EasCommand, 'root' | 'statusResponse'>,
  status: number,
  context?: EasContext,
): WbxmlElement {
  if (command.statusResponse) return command.statusResponse(status, context);
  const { ns, tag } = command.root;
  return el(ns, tag, [el(ns, 'Status', String(status))]);
}

/** Helpers to read request trees: the direct children, and one child's text. */
export function children(element: WbxmlElement): readonly WbxmlElement[] {
  return Array.isArray(element.content) ? (element.content as readonly WbxmlElement[]) : [];
}

export function childText(element: WbxmlElement, tag: string): string | undefined {
  const child = children(element).find((c) => c.tag === tag);
  if (!child) return undefined;
  if (child.content === null) return '';
  if (typeof child.content !== 'string')
    throw new EasProtocolError(`${element.tag}/${tag} must hold text`);
  return child.content;
}

/** The text of each required child, by tag; a missing one makes the request malformed. */
export function requiredTexts<T extends string>(
  element: WbxmlElement,
  tags: readonly T[],
): Record<T, string> {
  const texts = {} as Record<T, string>;
  for (const tag of tags) {
    const text = childText(element, tag);
    if (text === undefined)
      throw new EasProtocolError(`${element.tag} needs ${tags.join(', ')}; ${tag} is missing`);
    texts[tag] = text;
  }
  return texts;
}

/** Checks the request root; a wrong root is a malformed request. */
export function expectRoot(
  body: WbxmlElement | Buffer | null,
  ns: string,
  tag: string,
): WbxmlElement {
  if (body === null || Buffer.isBuffer(body) || body.ns !== ns || body.tag !== tag)
    throw new EasProtocolError(`the request must be a ${ns}:${tag} element`);
  return body;
}
