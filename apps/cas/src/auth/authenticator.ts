import { Inject, Injectable } from '@nestjs/common';
import { CredentialVerify } from '@mail/contracts';
import { BusError, RUNTIME, type Runtime } from '@mail/runtime';
import { parseBasicAuthorization } from './basic-credentials';
import { CredentialCache } from './credential-cache';

export type Authentication =
  | { outcome: 'authenticated'; userPrincipalName: string; isAdmin: boolean; easEnabled: boolean }
  | { outcome: 'challenge' } // 401: no or wrong credentials
  | { outcome: 'throttled'; retryAfterSeconds: number } // too many failures: refused unchecked
  | { outcome: 'unavailable' }; // 503: the directory cannot answer now

/** Checks a request's Basic credentials with the directory role, remembering recent successes. */
@Injectable()
export class Authenticator {
  readonly cache = new CredentialCache();

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async authenticate(authorization: string | undefined, source: string): Promise<Authentication> {
    const credentials = parseBasicAuthorization(authorization);
    if (!credentials) return { outcome: 'challenge' };
    const key = this.cache.key(credentials.userName, credentials.password);
    const cached = this.cache.get(key);
    if (cached) return { outcome: 'authenticated', ...cached };
    try {
      const reply = await this.runtime.bus.request(CredentialVerify, { ...credentials, source });
      if (reply.ok) {
        const { userPrincipalName, isAdmin, easEnabled } = reply;
        this.cache.set(key, { userPrincipalName, isAdmin, easEnabled });
        return { outcome: 'authenticated', userPrincipalName, isAdmin, easEnabled };
      }
      return reply.reason === 'throttled'
        ? { outcome: 'throttled', retryAfterSeconds: reply.retryAfterSeconds }
        : { outcome: 'challenge' };
    } catch (error) {
      if (error instanceof BusError && error.temporary) return { outcome: 'unavailable' };
      throw error;
    }
  }
}
