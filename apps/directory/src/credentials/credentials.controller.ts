import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CredentialVerify,
  type CredentialVerifyReply,
  type CredentialVerifyRequest,
} from '@mail/contracts';
import { BusError, RUNTIME, type Runtime } from '@mail/runtime';
import { DirectoryRepository } from '../persistence/directory.repository';
import { verifyPassword } from './password-hash';
import { parseSignInName } from './sign-in-name';

@Controller()
export class CredentialsController {
  constructor(
    private readonly directory: DirectoryRepository,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  @MessagePattern(CredentialVerify.subject)
  async verify(request: CredentialVerifyRequest): Promise<CredentialVerifyReply> {
    if (typeof request?.userName !== 'string' || typeof request.password !== 'string') {
      throw new BusError('bad-request', 'userName and password must be strings');
    }
    const name = parseSignInName(request.userName);
    const user =
      name === null
        ? null
        : name.kind === 'upn'
          ? await this.directory.findUserByPrincipalName(name.upn)
          : await this.directory
              .findUsersByAlias(name.alias)
              .then((found) => (found.length === 1 ? found[0] : null));
    const valid = user?.passwordHash
      ? await verifyPassword(user.passwordHash, request.password)
      : false;
    if (!user || !valid) {
      this.runtime.logger.info(
        { userName: request.userName.slice(0, 320), source: request.source },
        'sign-in refused',
      );
      return { ok: false, reason: 'bad-credentials' };
    }
    if (user.accountDisabled) return { ok: false, reason: 'disabled' };
    return {
      ok: true,
      userPrincipalName: user.userPrincipalName,
      isAdmin: user.isAdmin,
      easEnabled: user.easEnabled,
    };
  }
}
