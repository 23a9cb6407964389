/**
 * Recently verified Basic credentials, so a device's every request does not cost an argon2
 * verification in the directory. Keys are an HMAC of user name and password under a key
 * made at start (nothing in memory reveals a password); entries live `ttlMs` at most, the
 * oldest go first past `maxEntries`, and a directory `credential.changed` event drops a user's
 * entries at once (password change, account disabled or removed, lockout).
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface CachedSignIn {
  userPrincipalName: string;
  isAdmin: boolean;
  easEnabled: boolean;
}

export class CredentialCache {
  private readonly secret = randomBytes(32);
  private readonly entries = new Map<string, { signIn: CachedSignIn; expires: number }>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 20_000,
    private readonly now: () => number = Date.now,
  ) {}

  key(userName: string, password: string): string {
    return createHmac('sha256', this.secret)
      .update(userName)
      .update('\0')
      .update(password)
      .digest('base64');
  }

  get(key: string): CachedSignIn | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.signIn;
  }

  set(key: string, signIn: CachedSignIn): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries)
      this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { signIn, expires: this.now() + this.ttlMs });
  }

  evict(userPrincipalName: string): void {
    const upn = userPrincipalName.toLowerCase();
    for (const [key, entry] of this.entries)
      if (entry.signIn.userPrincipalName === upn) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
