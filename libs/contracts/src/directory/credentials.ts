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

export interface CredentialIdentifyRequest {
  /** A user name in any sign-in form: `user@domain` (UPN or SMTP address), `DOMAIN\user`, alias. */
  userName: string;
}
export type CredentialIdentifyReply =
  | {
      found: true;
      userPrincipalName: string;
      primarySmtpAddress: string;
      /** Every SMTP address of the user, primary first, lower case. */
      addresses: string[];
      alias: string;
      displayName: string;
      isAdmin: boolean;
      easEnabled: boolean;
    }
  /** Unknown, ambiguous (an alias two users share) or disabled: nobody. */
  | { found: false };

/**
 * Who a user name names, without a password: for identities already proven another way (a
 * client certificate, a trusted TLS-terminating proxy) and to check an EAS `User=` parameter
 * against the signed-in user.
 */
export const CredentialIdentify = request<CredentialIdentifyRequest, CredentialIdentifyReply>(
  'directory',
  'credential',
  'identify',
);
