import { event, request } from '../bus/subject';

export interface CredentialVerifyRequest {
  /** As the client typed it: `user@domain`, `DOMAIN\user` or a bare alias. */
  userName: string;
  password: string;
  /** Remote address of the client, for throttling and the audit log. */
  source: string;
}

export type CredentialVerifyReply =
  | { ok: true; userPrincipalName: string; isAdmin: boolean; easEnabled: boolean }
  | { ok: false; reason: 'bad-credentials' | 'disabled' }
  /** Too many failures for this user or source: refused without checking the password. */
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** Basic-auth verification for CAS (and later the submission connector and LDAP bind). */
export const CredentialVerify = request<CredentialVerifyRequest, CredentialVerifyReply>(
  'directory',
  'credential',
  'verify',
);

export interface CredentialChangedEvent {
  userPrincipalName: string;
}

/**
 * A user's sign-in changed (password, disabled, removed, rights, locked out): every CAS drops
 * what it cached for that user, so the change takes effect on the next request.
 */
export const CredentialChanged = event<CredentialChangedEvent>(
  'directory',
  'credential',
  'changed',
);
