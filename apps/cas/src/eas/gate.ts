/**
 * The gate's decisions, as pure functions of what is known about a request (the pipeline in
 * eas-endpoint.ts gathers the facts and applies them in order). Each returns the EasErrorCode
 * that refuses the request, or null to let it through.
 */
import type { DeviceReportReply } from '@mail/contracts';
import type { PolicyKeys, ServerPolicy } from '@mail/policy';
import type { EasCommand } from './command';
import { EasError, type EasErrorCode } from './errors';
import { EAS_LIMITS } from './limits';
import { atLeast, isProtocolVersion, type ProtocolVersion } from './protocol';
import type { EasQuery } from './query';

/**
 * The protocol version of a request: the base64 query's version byte, else the
 * MS-ASProtocolVersion header, which MS-ASHTTP requires on every POST.
 */
export function negotiateVersion(header: string | undefined, query: EasQuery): ProtocolVersion {
  if (query.protocolVersion) return query.protocolVersion;
  const version = header?.trim();
  if (version && isProtocolVersion(version)) return version;
  throw new EasError(
    'unsupported-version',
    version
      ? `protocol version ${version.slice(0, 16)} is not supported`
      : 'MS-ASProtocolVersion is missing',
  );
}

/** Whether the command may run at this version at all. */
export function commandInVersion(
  command: EasCommand,
  version: ProtocolVersion,
): EasErrorCode | null {
  return command.versions.includes(version) ? null : 'command-not-in-version';
}

/** The policy key a device sent: the base64 field, else X-MS-PolicyKey; undefined if none. */
export function sentPolicyKey(header: string | undefined, query: EasQuery): string | undefined {
  if (query.policyKey !== undefined) return query.policyKey;
  if (header === undefined) return undefined;
  const key = header.trim();
  // A malformed key is no key a server gave: it is checked like any unknown key.
  return key.length <= EAS_LIMITS.maxHeaderLength ? key : key.slice(0, EAS_LIMITS.maxHeaderLength);
}

/**
 * The device's access, in Exchange's order: a pending wipe first (only Provision delivers
 * it), then an administrator's or a rule's block, then quarantine (and discovery, while the
 * directory cannot judge the device yet), where only Provision may run. An account-only wipe
 * exists from 16.1; an older device cannot be told one, so it is refused like a blocked one
 * rather than wiped whole.
 */
export function deviceAccess(
  report: DeviceReportReply,
  command: EasCommand,
  version: ProtocolVersion,
): EasErrorCode | null {
  if (report.wipe === 'full' || (report.wipe === 'account-only' && atLeast(version, '16.1')))
    return command.name === 'Provision' ? null : 'wipe-requested';
  if (report.wipe === 'account-only') return 'device-blocked';
  if (report.accessState === 'Blocked') return 'device-blocked';
  if (report.accessState === 'Quarantined' || report.accessState === 'DeviceDiscovery')
    return command.allowedWhenQuarantined ? null : 'device-quarantined';
  return null;
}

/**
 * The policy key check (MS-ASPROV 3.2.5.1): no key, or 0, asks the device to provision (unless
 * the policy lets devices that send no key at all sync); the key the device acknowledged
 * earlier that is no longer current asks it to refresh; any other key is invalid.
 */
export function policyKeyCheck(input: {
  command: EasCommand;
  sent: string | undefined;
  keys: PolicyKeys;
  server: ServerPolicy;
  /** The key the directory recorded when the device last acknowledged a policy. */
  acknowledged: string | null;
}): EasErrorCode | null {
  if (!input.command.requiresPolicyKey) return null;
  if (input.sent === undefined)
    return input.server.AllowNonProvisionableDevices ? null : 'not-provisioned';
  if (input.sent === '0' || input.sent === '') return 'not-provisioned';
  if (input.sent === input.keys.final) return null;
  if (input.sent === input.acknowledged) return 'policy-refresh';
  return 'invalid-policy-key';
}

/**
 * Whether `User=` names the signed-in user: the same name as typed for Basic, or a name the
 * directory resolves to the same user (an alias for an address, or the reverse).
 */
export function sameUser(
  parameter: string,
  signedIn: { userPrincipalName: string; userName?: string },
  resolved: { found: boolean; userPrincipalName?: string } | undefined,
): boolean {
  const name = parameter.trim().toLowerCase();
  if (name === signedIn.userPrincipalName || name === signedIn.userName?.trim().toLowerCase())
    return true;
  return resolved?.found === true && resolved.userPrincipalName === signedIn.userPrincipalName;
}

/**
 * The URL a device should use instead (451 with X-MS-Location), when the virtual directory
 * names its URLs and the device reached us by another host name; null to serve it here.
 */
export function redirectLocation(
  host: string | undefined,
  urls: { internalUrl: string | null; externalUrl: string | null },
): string | null {
  const known = [urls.externalUrl, urls.internalUrl].filter((u): u is string => u !== null);
  if (known.length === 0 || host === undefined) return null;
  const requested = host
    .replace(/:\d+$/, '')
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  return known.some((url) => new URL(url).hostname.toLowerCase() === requested) ? null : known[0];
}
