/**
 * Recently verified Basic credentials, so a device's every request does not cost an argon2
 * verification in the directory. Keys are an HMAC of user name and password under a key
 * made at start (nothing in memory reveals a password); entries live `ttlMs` at most, the
 * oldest go first past `maxEntries`, and a directory `credential.changed` event drops a user's
 * entries at once (password change, account disabled or removed, lockout).
 *
 * Because that event is what revokes, the time limit only bounds what a lost event could cost:
 * 15 minutes, IIS's default for its cache of Basic sign-ins (UserTokenTTL). With a minute,
 * every user's phones cost an argon2 verification (about 0.4 s of CPU) a minute: a thousand
 * users kept several cores busy. Concurrent first requests with one password share one
 * verification.
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

  constructor(ttlMs = 15 * 60_000, maxEntries = 20_000, now: () => number = Date.now) {
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

  /**
   * Verifies once for every concurrent caller with this key, and remembers the sign-in `signInOf`
   * finds in the result, unless the user's entries were dropped while it ran (the password the
   * directory checked may be the one just changed).
   */
  verify<R>(
    key: string,
    check: () => Promise<R>,
    signInOf: (result: R) => CachedSignIn | undefined,
  ): Promise<R> {
    return this.entries.load(key, check, signInOf);
  }

  evict(userPrincipalName: string): void {
    const upn = userPrincipalName.toLowerCase();
    this.entries.deleteWhere((_key, signIn) => signIn.userPrincipalName === upn);
  }

  get size(): number {
    return this.entries.size;
  }
}
