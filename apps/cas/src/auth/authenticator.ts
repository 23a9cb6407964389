import { Inject, Injectable } from '@nestjs/common';
import { CredentialVerify } from '@mail/contracts';
import { BusError, RUNTIME, type Runtime } from '@mail/runtime';
import { parseBasicAuthorization } from './basic-credentials';

export type Authentication =
  | { outcome: 'authenticated'; userPrincipalName: string; isAdmin: boolean; easEnabled: boolean }
  | { outcome: 'challenge' } // 401: no or wrong credentials
  | { outcome: 'throttled'; retryAfterSeconds: number } // too many failures: refused unchecked
  | { outcome: 'unavailable' }; // 503: the directory cannot answer now

/** Checks a request's Basic credentials with the directory role. */
@Injectable()
export class Authenticator {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async authenticate(authorization: string | undefined, source: string): Promise<Authentication> {
    const credentials = parseBasicAuthorization(authorization);
    if (!credentials) return { outcome: 'challenge' };
    try {
      const reply = await this.runtime.bus.request(CredentialVerify, { ...credentials, source });
      if (reply.ok) return { outcome: 'authenticated', ...reply };
      return reply.reason === 'throttled'
        ? { outcome: 'throttled', retryAfterSeconds: reply.retryAfterSeconds }
        : { outcome: 'challenge' };
    } catch (error) {
      if (error instanceof BusError && error.temporary) return { outcome: 'unavailable' };
      throw error;
    }
  }
}
