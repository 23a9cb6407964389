/**
 * The EAS front door's pipeline, free of Nest and Fastify (eas.routes.ts adapts it): the gate
 * checks every precondition a command declares, once, in this order: the query, the command
 * and protocol version, the caller (Basic, certificate or trusted proxy, as the virtual
 * directory allows), User=, EAS enabled for the user, the host (451), the device's access and
 * pending wipe, its policy key, the body (bounded, decoded with bounds), then the repeated-
 * failure throttle; then the command's handler runs. Every refusal is mapped by one table
 * (errors.ts); a role that does not answer is 503 with Retry-After; nothing becomes a 500
 * unless it is our fault, and then the command's server-error status where it has one.
 */
import type { Readable } from 'node:stream';
import { BusError, type BusClient, type Logger } from '@mail/runtime';
import { decode, WbxmlDecodeError, type WbxmlElement } from '@mail/wbxml';
import type { Authenticator, Caller } from '../auth/authenticator';
import {
  statusResponse,
  EasProtocolError,
  type EasCommand,
  type EasContext,
  type EasResponseBody,
} from './command';
import { registeredCommand, EAS_COMMANDS } from './commands';
import { EasError } from './errors';
import {
  commandInVersion,
  deviceAccess,
  negotiateVersion,
  policyKeyCheck,
  redirectLocation,
  sameUser,
  sentPolicyKey,
} from './gate';
import { readBody } from './http-body';
import { EAS_LIMITS } from './limits';
import { devicePolicy } from './provisioning/device-policy';
import { EAS_PROTOCOL_VERSIONS, commandName, type ProtocolVersion } from './protocol';
import type { WhenGone } from './push/push-watch';
import { parseEasQuery } from './query';
import type { EasServices } from './services';
import { DeviceThrottle } from './throttle';
import { httpAnswer, refusal, wbxmlAnswer, type EasHttpResponse } from './answers';

export interface EasHttpRequest {
  rawQuery: string;
  /** Lower-case header names, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
  caller: Caller;
  body: Readable;
  /** Tells a held request that the device went away. */
  whenGone: WhenGone;
}

const header = (request: EasHttpRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value.slice(0, EAS_LIMITS.maxHeaderLength) : undefined;
};

/** Whether an answer tells the device something failed (for the throttle). */
function failed(command: EasCommand, body: EasResponseBody): boolean {
  if (body === null || body instanceof Uint8Array || !('content' in body)) return false;
  if (!Array.isArray(body.content)) return false;
  const status = (body.content as WbxmlElement[]).find((c) => c.tag === 'Status');
  if (status === undefined) return false;
  return !(command.successStatuses ?? [1]).includes(Number(status.content));
}

/**
 * A request's context. Its logger is made on first use (most requests never log), by a getter
 * on the class: a getter in an object literal put every context in dictionary mode, about
 * 500 bytes more for each held Ping. The other fields are the literal's, assigned in its order
 * and typed by the interface merged with the class (so they are not listed twice).
 */
type ContextFields = Omit<EasContext, 'log'>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
interface RequestContext extends ContextFields {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
class RequestContext implements EasContext {
  private logger: Logger | undefined = undefined;

  constructor(
    fields: ContextFields,
    private readonly parentLog: Logger,
    private readonly command: string,
  ) {
    Object.assign(this, fields);
  }

  get log(): Logger {
    return (this.logger ??= this.parentLog.child({
      user: this.user.userPrincipalName,
      deviceId: this.device.id,
      command: this.command,
    }));
  }
}

/** Parsed queries by their text: a device sends the same query string again and again. */
const MAX_KNOWN_QUERIES = 10_000;

export class EasEndpoint {
  private readonly throttle: DeviceThrottle;
  private readonly queries = new Map<string, ReturnType<typeof parseEasQuery>>();

  constructor(
    private readonly authenticator: Authenticator,
    private readonly services: EasServices,
    private readonly bus: BusClient,
    private readonly log: Logger,
    throttle?: DeviceThrottle,
  ) {
    this.throttle = throttle ?? new DeviceThrottle(EAS_LIMITS.throttle, services.now);
  }

  /** OPTIONS: the versions and commands, for a signed-in user allowed to use EAS. */
  async options(request: Pick<EasHttpRequest, 'headers' | 'caller'>): Promise<EasHttpResponse> {
    try {
      await this.signIn(request.caller);
      return httpAnswer(200, {
        'MS-ASProtocolVersions': EAS_PROTOCOL_VERSIONS.join(','),
        'MS-ASProtocolCommands': EAS_COMMANDS.map((c) => c.name).join(','),
        Allow: 'OPTIONS,POST',
        Public: 'OPTIONS,POST',
      });
    } catch (error) {
      return this.failure(error, undefined, undefined);
    }
  }

  async post(request: EasHttpRequest): Promise<EasHttpResponse> {
    let command: EasCommand | undefined;
    let version: ProtocolVersion | undefined;
    let context: EasContext | undefined;
    try {
      const parsed = this.query(request.rawQuery);
      if (!parsed.ok) throw new EasError('malformed-query', parsed.reason);
      const { query } = parsed;
      command = registeredCommand(commandName(query.command)!);
      if (!command)
        throw new EasError('command-not-implemented', `${query.command} is not implemented`);
      version = negotiateVersion(header(request, 'ms-asprotocolversion'), query);
      const notInVersion = commandInVersion(command, version);
      if (notInVersion)
        throw new EasError(notInVersion, `${command.name} does not exist in ${version}`);

      const signedIn = await this.signIn(request.caller, header(request, 'host'));
      if (query.user !== undefined && !(await this.isSignedInUser(query.user, signedIn)))
        throw new EasError('user-mismatch', 'User= names another user');
      const upn = signedIn.userPrincipalName;
      const userAgent = header(request, 'user-agent');
      const report = await this.services.directory.reportDevice({
        user: upn,
        deviceId: query.deviceId,
        deviceType: query.deviceType,
        ...(userAgent ? { userAgent } : {}),
      });
      const access = deviceAccess(report, command, version);
      if (access) throw new EasError(access, `device ${query.deviceId}: ${access}`);
      const policy = devicePolicy(
        await this.services.directory.effectivePolicy(upn),
        version,
        query.deviceId,
        this.services.now(),
      );
      const policyKey = sentPolicyKey(header(request, 'x-ms-policykey'), query);
      context = new RequestContext(
        {
          version,
          query,
          user: { userPrincipalName: upn, method: signedIn.method },
          device: { id: query.deviceId, type: query.deviceType, userAgent, policyKey, report },
          policy,
          bus: this.bus,
          services: this.services,
          whenGone: request.whenGone,
          acceptMultiPart:
            header(request, 'ms-asacceptmultipart')?.trim().toUpperCase() === 'T' ||
            query.parameters.AcceptMultiPart === 'T',
        },
        this.log,
        command.name,
      );
      const refused = policyKeyCheck({
        command,
        sent: policyKey,
        keys: policy.keys,
        server: policy.server,
        acknowledged: report.policyKey,
      });
      if (refused) throw new EasError(refused, `policy key ${policyKey ?? '(none)'}: ${refused}`);
      return await this.run(command, context, request);
    } catch (error) {
      return this.failure(error, command, version, context);
    }
  }

  private query(raw: string): ReturnType<typeof parseEasQuery> {
    let parsed = this.queries.get(raw);
    if (!parsed) {
      if (this.queries.size >= MAX_KNOWN_QUERIES) this.queries.clear();
      this.queries.set(raw, (parsed = parseEasQuery(raw)));
    }
    return parsed;
  }

  /** Reads, decodes and parses the body, waits out the throttle, runs the handler. */
  private async run(
    command: EasCommand,
    context: EasContext,
    request: EasHttpRequest,
  ): Promise<EasHttpResponse> {
    const limit = command.maxBodyBytes ?? EAS_LIMITS.defaultMaxBodyBytes;
    const bytes = await readBody(request.body, header(request, 'content-length'), limit);
    const device = `${context.user.userPrincipalName}\n${context.device.id}`;
    let fingerprint = this.throttle.tracks(device)
      ? DeviceThrottle.fingerprint(command.name, bytes)
      : undefined;
    const delay = fingerprint === undefined ? 0 : this.throttle.delayFor(device, fingerprint);
    if (delay > 0) {
      context.log.warn({ delayMs: delay }, 'device repeats a failing request: slowed down');
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    let body: EasResponseBody;
    try {
      const request = command.parse(this.decodeBody(command, bytes), context);
      body = command.write(await command.handle(request, context), context);
    } catch (error) {
      if (!(error instanceof EasProtocolError || error instanceof WbxmlDecodeError)) throw error;
      context.log.info({ reason: error.message }, 'malformed request');
      body = statusResponse(command, command.protocolErrorStatus, context);
    }
    if (failed(command, body)) {
      fingerprint ??= DeviceThrottle.fingerprint(command.name, bytes);
      this.throttle.record(device, fingerprint, true);
    } else if (fingerprint !== undefined) this.throttle.record(device, fingerprint, false);
    return wbxmlAnswer(body);
  }

  private decodeBody(command: EasCommand, bytes: Buffer): WbxmlElement | Buffer | null {
    if (command.body === 'none' || bytes.length === 0) return null;
    if (command.body === 'mime') return bytes;
    return decode(bytes, {
      limits: { maxInputBytes: bytes.length, maxDepth: EAS_LIMITS.maxWbxmlDepth },
    });
  }

  /** Authentication by what the virtual directory allows, then the user's right to use EAS. */
  private async signIn(caller: Caller, host?: string) {
    const vdir = await this.services.directory.vdir();
    const auth = await this.authenticator.authenticateDevice(caller, vdir);
    if (auth.outcome === 'unavailable') throw new EasError('role-unavailable', 'directory');
    if (auth.outcome === 'certificate-required')
      throw new EasError('certificate-required', 'a client certificate is required');
    // A throttled device is challenged like a wrong password: it must not learn which it was.
    if (auth.outcome !== 'authenticated') throw new EasError('unauthenticated');
    if (!auth.easEnabled)
      throw new EasError('eas-disabled', `${auth.userPrincipalName} may not use EAS`);
    const location = redirectLocation(host, vdir);
    if (location) throw new EasError('redirect', 'use the configured URL', location);
    return auth;
  }

  private async isSignedInUser(
    parameter: string,
    signedIn: { userPrincipalName: string; userName?: string },
  ): Promise<boolean> {
    if (sameUser(parameter, signedIn, undefined)) return true;
    return sameUser(parameter, signedIn, await this.services.directory.identify(parameter));
  }

  private failure(
    error: unknown,
    command: EasCommand | undefined,
    version: ProtocolVersion | undefined,
    context?: EasContext,
  ): EasHttpResponse {
    if (error instanceof EasError) {
      const log = context?.log ?? this.log;
      log.info({ refused: error.code, reason: error.message }, 'EAS request refused');
      return refusal(error, command, version, context);
    }
    if (error instanceof BusError && error.temporary) {
      this.log.warn({ err: error.message }, 'a role did not answer');
      return refusal(new EasError('role-unavailable'), undefined, undefined);
    }
    (context?.log ?? this.log).error({ err: error }, 'EAS request failed');
    if (command?.serverErrorStatus !== undefined && version !== undefined)
      return wbxmlAnswer(statusResponse(command, command.serverErrorStatus, context));
    return refusal(new EasError('server-error'), undefined, undefined);
  }
}
