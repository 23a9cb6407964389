/**
 * Basic-auth verification with throttling per user and per source address (sign-in-throttle.ts).
 * An unknown user name is throttled like a known one, so the answers do not reveal which
 * accounts exist. Nothing here logs a password or a hash.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  CredentialChanged,
  type CredentialIdentifyReply,
  type CredentialVerifyReply,
  type CredentialVerifyRequest,
} from '@mail/contracts';
import { RUNTIME, type Runtime } from '@mail/runtime';
import { DirectoryRepository } from '../persistence/directory.repository';
import { RecipientRepository } from '../persistence/recipient.repository';
import { SignInThrottleRepository } from '../persistence/sign-in-throttle.repository';
import type { UserEntity } from '../persistence/user.entity';
import { verifyPassword } from './password-hash';
import { parseSignInName } from './sign-in-name';
import { afterFailure, blockedFor, type ThrottlePolicy } from './sign-in-throttle';

export const THROTTLE_POLICIES = Symbol('THROTTLE_POLICIES');
export interface ThrottlePolicies {
  user: ThrottlePolicy;
  source: ThrottlePolicy;
}

@Injectable()
export class CredentialService {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly recipients: RecipientRepository,
    private readonly throttle: SignInThrottleRepository,
    @Inject(THROTTLE_POLICIES) private readonly policies: ThrottlePolicies,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  async verify(request: CredentialVerifyRequest): Promise<CredentialVerifyReply> {
    const now = new Date();
    const user = await this.findUser(request.userName);
    const userKey = `user:${user?.userPrincipalName ?? request.userName.trim().toLowerCase().slice(0, 320)}`;
    const sourceKey = `source:${String(request.source).slice(0, 64)}`;
    const states = await this.throttle.get([userKey, sourceKey]);
    const waitMs = Math.max(
      blockedFor(states.get(userKey) ?? null, now),
      blockedFor(states.get(sourceKey) ?? null, now),
    );
    if (waitMs > 0) {
      this.runtime.logger.warn(
        { userName: userKey.slice(5), source: request.source },
        'sign-in throttled',
      );
      return { ok: false, reason: 'throttled', retryAfterSeconds: Math.ceil(waitMs / 1000) };
    }

    const valid = user?.passwordHash
      ? await verifyPassword(user.passwordHash, request.password)
      : false;
    if (!user || !valid) {
      const [userState] = await Promise.all([
        this.throttle.update(userKey, (state) => afterFailure(state, now, this.policies.user)),
        this.throttle.update(sourceKey, (state) => afterFailure(state, now, this.policies.source)),
      ]);
      this.runtime.logger.info(
        { userName: userKey.slice(5), source: request.source, failures: userState.failures },
        'sign-in refused',
      );
      if (user && userState.failures >= this.policies.user.lockoutThreshold) {
        // Locked out: no CAS may keep signing the user in from its cache.
        await this.runtime.bus.emit(CredentialChanged, {
          userPrincipalName: user.userPrincipalName,
        });
      }
      return { ok: false, reason: 'bad-credentials' };
    }
    if (states.has(userKey)) await this.throttle.clear(userKey);
    if (user.accountDisabled) return { ok: false, reason: 'disabled' };
    return {
      ok: true,
      userPrincipalName: user.userPrincipalName,
      isAdmin: user.isAdmin,
      easEnabled: user.easEnabled,
    };
  }

  /** Who a user name names, for identities proven without a password; no throttling applies. */
  async identify(userName: string): Promise<CredentialIdentifyReply> {
    const user = await this.findUser(userName);
    if (!user || user.accountDisabled) return { found: false };
    const mailbox = await this.recipients.findMailbox(user.userPrincipalName);
    if (!mailbox) return { found: false };
    return {
      found: true,
      userPrincipalName: user.userPrincipalName,
      primarySmtpAddress: mailbox.primarySmtpAddress,
      addresses: mailbox.addresses,
      alias: user.alias,
      displayName: user.displayName,
      isAdmin: user.isAdmin,
      easEnabled: user.easEnabled,
    };
  }

  /** UPN first, then any SMTP address of a mailbox (users type their email address). */
  private async findUser(userName: string): Promise<UserEntity | null> {
    const name = parseSignInName(userName);
    if (!name) return null;
    if (name.kind === 'upn')
      return (
        (await this.directory.findUserByPrincipalName(name.upn)) ??
        (await this.directory.findUserBySmtpAddress(name.upn))
      );
    const found = await this.directory.findUsersByAlias(name.alias);
    return found.length === 1 ? found[0] : null; // an ambiguous alias signs in nobody
  }
}
