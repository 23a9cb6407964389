/**
 * Answers a device's Autodiscover: the caller signs in as for EAS; the address must be one of
 * the caller's own, and then the answer is the EAS URL (the virtual directory's external URL,
 * else its internal one, else the host the device used); an address in a domain listed in
 * AUTODISCOVER_REDIRECT_DOMAINS is redirected to the same name in the other domain first.
 */
import { randomInt } from 'node:crypto';
import { BusError, type Config, type Logger } from '@mail/runtime';
import type { Authenticator, Caller } from '../auth/authenticator';
import type { DirectoryViews } from '../directory/directory-views';
import { BASIC_CHALLENGE } from '../eas/answers';
import { EAS_PATH, RETRY_AFTER_SECONDS } from '../eas/protocol';
import {
  errorResponse,
  parseAutodiscoverRequest,
  redirectResponse,
  settingsResponse,
} from './autodiscover-xml';

export interface AutodiscoverAnswer {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

const HOST = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

export class Autodiscover {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly directory: DirectoryViews,
    private readonly config: Config,
    private readonly log: Logger,
  ) {}

  async answer(request: {
    caller: Caller;
    host?: string;
    body: Buffer;
  }): Promise<AutodiscoverAnswer> {
    try {
      return await this.respond(request);
    } catch (error) {
      if (error instanceof BusError && error.temporary)
        return { status: 503, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } };
      throw error;
    }
  }

  private async respond(request: {
    caller: Caller;
    host?: string;
    body: Buffer;
  }): Promise<AutodiscoverAnswer> {
    const vdir = await this.directory.vdir();
    const auth = await this.authenticator.authenticateDevice(request.caller, vdir);
    if (auth.outcome === 'unavailable')
      return { status: 503, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } };
    if (auth.outcome === 'certificate-required') return { status: 403, headers: {} };
    if (auth.outcome !== 'authenticated')
      return { status: 401, headers: { 'WWW-Authenticate': BASIC_CHALLENGE } };

    const parsed = parseAutodiscoverRequest(request.body);
    if (!parsed.ok) return this.error(parsed.error);
    const address = parsed.emailAddress;
    const at = address.lastIndexOf('@');
    const redirect = this.config.autodiscoverRedirectDomains.get(address.slice(at + 1));
    if (redirect) return xml(redirectResponse(address, `${address.slice(0, at)}@${redirect}`));

    const identity = await this.directory.identify(auth.userPrincipalName);
    if (!identity.found || !identity.addresses.includes(address)) {
      this.log.info({ user: auth.userPrincipalName, address }, 'autodiscover for another address');
      return this.error('notFound');
    }
    const url =
      vdir.externalUrl ??
      vdir.internalUrl ??
      (request.host && HOST.test(request.host) ? `https://${request.host}${EAS_PATH}` : undefined);
    if (!url) return this.error('invalidRequest');
    return xml(settingsResponse({ displayName: identity.displayName, emailAddress: address }, url));
  }

  private error(error: Parameters<typeof errorResponse>[0]): AutodiscoverAnswer {
    return xml(errorResponse(error, new Date(), randomInt(2 ** 31)));
  }
}

const xml = (body: string): AutodiscoverAnswer => ({
  status: 200,
  headers: { 'Content-Type': 'text/xml; charset=utf-8', 'Cache-Control': 'private' },
  body,
});
