/**
 * Who is asking: Basic credentials checked by the directory (remembered briefly, see
 * credential-cache.ts), a client certificate the TLS layer verified and the directory maps to
 * a user, or the user a trusted TLS-terminating proxy names in its identity header. Which of
 * these a device may use is the ActiveSync virtual directory's decision (basicAuthEnabled,
 * clientCertAuth); the proxy's header is believed only from TRUSTED_PROXIES.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { X509Certificate } from 'node:crypto';
import { CertificateMap, CredentialVerify, type ActiveSyncVirtualDirectory } from '@mail/contracts';
import { BusError, RUNTIME, type Runtime } from '@mail/runtime';
import { EAS_LIMITS } from '../eas/limits';
import { DirectoryViews } from '../directory/directory-views';
import { TtlCache } from '../directory/ttl-cache';
import { parseBasicAuthorization } from './basic-credentials';
import { certificateIdentity } from './client-certificate';
import { CredentialCache } from './credential-cache';

export type SignInMethod = 'basic' | 'certificate' | 'proxy';

/** The outcomes of Basic authentication (all the admin API uses). */
export type BasicAuthentication =
  | {
      outcome: 'authenticated';
      userPrincipalName: string;
      isAdmin: boolean;
      easEnabled: boolean;
      method: SignInMethod;
      /** The user name typed for Basic, so `User=` can be compared with it cheaply. */
      userName?: string;
    }
  | { outcome: 'challenge' } // 401: no or wrong credentials
  | { outcome: 'throttled'; retryAfterSeconds: number } // too many failures: refused unchecked
  | { outcome: 'unavailable' }; // 503: the directory cannot answer now

export type Authentication = BasicAuthentication | { outcome: 'certificate-required' }; // the vdir requires a certificate, none valid came

/** What the HTTP layer knows of a request's caller. */
export interface Caller {
  authorization?: string;
  /** The client's address (behind a trusted proxy, from X-Forwarded-For). */
  source: string;
  /** The address of the socket's peer (the proxy itself, when there is one). */
  peerAddress: string;
  /** The trusted-proxy identity header's value, if the request has one. */
  proxyUser?: string;
  /** The client certificate, only when TLS verified it against TLS_CLIENT_CA. */
  certificate?: X509Certificate;
  /** The connection (a keep-alive socket), to recognise a device's repeated credentials. */
  connection?: object;
}

const NOBODY = { outcome: 'challenge' } as const;

@Injectable()
export class Authenticator {
  readonly cache = new CredentialCache();
  /** Certificate fingerprint -> the user it maps to (unmapped ones are asked again). */
  private readonly certificates = new TtlCache<string, string>(
    EAS_LIMITS.cache.identityMs,
    EAS_LIMITS.cache.maxEntries,
  );
  private readonly trustedProxies: ReadonlySet<string>;
  /**
   * The last Authorization header seen on each connection and its cache key: a device sends
   * the same header on every request of a keep-alive connection, and comparing it is far
   * cheaper than the HMAC. The entry goes with the connection.
   */
  private readonly connections = new WeakMap<
    object,
    { authorization: string; key: string; userName: string }
  >();

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly views: DirectoryViews,
  ) {
    this.trustedProxies = new Set(runtime.config.trustedProxies);
  }

  /** Basic authentication only (the admin API). */
  async authenticate(
    authorization: string | undefined,
    source: string,
    connection?: object,
  ): Promise<BasicAuthentication> {
    const seen = connection && this.connections.get(connection);
    if (seen && seen.authorization === authorization) {
      const cached = this.cache.get(seen.key);
      if (cached)
        return { outcome: 'authenticated', method: 'basic', ...cached, userName: seen.userName };
    }
    const credentials = parseBasicAuthorization(authorization);
    if (!credentials) return NOBODY;
    const key = this.cache.key(credentials.userName, credentials.password);
    if (connection)
      this.connections.set(connection, {
        authorization: authorization!,
        key,
        userName: credentials.userName,
      });
    const cached = this.cache.get(key);
    if (cached)
      return {
        outcome: 'authenticated',
        method: 'basic',
        ...cached,
        userName: credentials.userName,
      };
    // Concurrent first requests with these credentials share one verification.
    return this.cache.verify(
      key,
      () =>
        this.guard(async (): Promise<BasicAuthentication> => {
          const reply = await this.runtime.bus.request(CredentialVerify, {
            ...credentials,
            source,
          });
          if (!reply.ok)
            return reply.reason === 'throttled'
              ? { outcome: 'throttled', retryAfterSeconds: reply.retryAfterSeconds }
              : NOBODY;
          const { userPrincipalName, isAdmin, easEnabled } = reply;
          return {
            outcome: 'authenticated',
            method: 'basic',
            userPrincipalName,
            isAdmin,
            easEnabled,
            userName: credentials.userName,
          };
        }),
      (result) =>
        result.outcome === 'authenticated'
          ? {
              userPrincipalName: result.userPrincipalName,
              isAdmin: result.isAdmin,
              easEnabled: result.easEnabled,
            }
          : undefined,
    );
  }

  /** A device (EAS, Autodiscover): the ways the virtual directory allows, strongest first. */
  async authenticateDevice(
    caller: Caller,
    vdir: ActiveSyncVirtualDirectory,
  ): Promise<Authentication> {
    if (caller.proxyUser !== undefined && this.trustedProxies.has(normalize(caller.peerAddress)))
      return this.identified(caller.proxyUser, 'proxy');
    if (vdir.clientCertAuth !== 'Ignore' && caller.certificate) {
      const upn = await this.guard(() => this.mapCertificate(caller.certificate!));
      if (typeof upn === 'string') return this.identified(upn, 'certificate');
      if (upn !== null) return upn; // the directory is unavailable
    }
    if (vdir.clientCertAuth === 'Required') return { outcome: 'certificate-required' };
    if (!vdir.basicAuthEnabled) return NOBODY;
    return this.authenticate(caller.authorization, caller.source, caller.connection);
  }

  private async mapCertificate(certificate: X509Certificate): Promise<string | null> {
    const { fingerprint, ...fields } = certificateIdentity(certificate);
    const known = this.certificates.get(fingerprint);
    if (known) return known;
    try {
      const { userPrincipalName } = await this.runtime.bus.request(CertificateMap, fields);
      return this.certificates.set(fingerprint, userPrincipalName);
    } catch (error) {
      if (error instanceof BusError && error.code === 'not-found') return null;
      throw error;
    }
  }

  /** A user's sign-in changed (password, mappings, disabled...): forget what maps to them. */
  forgetUser(userPrincipalName: string): void {
    const upn = userPrincipalName.toLowerCase();
    this.cache.evict(upn);
    this.certificates.deleteWhere((_fingerprint, user) => user === upn);
  }

  /** A user whose identity was proven without a password (certificate, proxy). */
  private identified(userName: string, method: SignInMethod): Promise<Authentication> {
    return this.guard(async () => {
      const identity = await this.views.identify(userName);
      if (!identity.found) return NOBODY;
      const { userPrincipalName, isAdmin, easEnabled } = identity;
      return { outcome: 'authenticated', method, userPrincipalName, isAdmin, easEnabled };
    });
  }

  /** A directory that cannot answer now is `unavailable` (503), not a wrong password. */
  private async guard<T>(work: () => Promise<T>): Promise<T | { outcome: 'unavailable' }> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof BusError && error.temporary) return { outcome: 'unavailable' };
      throw error;
    }
  }
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is 10.0.0.1. */
function normalize(address: string): string {
  const lower = address.toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice(7) : lower;
}
