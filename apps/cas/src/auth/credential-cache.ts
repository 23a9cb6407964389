/**
 * Recently verified Basic credentials, so a device's every request does not cost an argon2
 * verification in the directory. Keys are an HMAC of user name and password under a key
 * made at start (nothing in memory reveals a password); entries live `ttlMs` at most, the
 * oldest go first past `maxEntries`, and a directory `credential.changed` event drops a user's
 * entries at once (password change, account disabled or removed, lockout).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { TtlCache } from '../directory/ttl-cache';

export interface CachedSignIn {
  userPrincipalName: string;
  isAdmin: boolean;
  easEnabled: boolean;
}

export class CredentialCache {
  private readonly secret = randomBytes(32);
  private readonly entries: TtlCache<string, CachedSignIn>;

  constructor(ttlMs = 60_000, maxEntries = 20_000, now: () => number = Date.now) {
    this.entries = new TtlCache(ttlMs, maxEntries, now);
  }

  key(userName: string, password: string): string {
    return createHmac('sha256', this.secret)
      .update(userName)
      .update('\0')
      .update(password)
      .digest('base64');
  }

  get(key: string): CachedSignIn | undefined {
    return this.entries.get(key);
  }

  set(key: string, signIn: CachedSignIn): void {
    this.entries.set(key, signIn);
  }

  evict(userPrincipalName: string): void {
    const upn = userPrincipalName.toLowerCase();
    this.entries.deleteWhere((_key, signIn) => signIn.userPrincipalName === upn);
  }

  get size(): number {
    return this.entries.size;
  }
}
