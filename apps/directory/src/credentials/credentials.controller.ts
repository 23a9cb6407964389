import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CredentialVerify, type CredentialVerifyReply } from '@mail/contracts';
import { BusError } from '@mail/runtime';
import { CredentialService } from './credential.service';

@Controller()
export class CredentialsController {
  constructor(private readonly credentials: CredentialService) {}

  @MessagePattern(CredentialVerify.subject)
  verify(request: {
    userName?: unknown;
    password?: unknown;
    source?: unknown;
  }): Promise<CredentialVerifyReply> {
    if (typeof request?.userName !== 'string' || typeof request.password !== 'string') {
      throw new BusError('bad-request', 'userName and password must be strings');
    }
    return this.credentials.verify({
      userName: request.userName,
      password: request.password,
      source: String(request.source ?? ''),
    });
  }
}
