import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CredentialIdentify,
  CredentialVerify,
  type CredentialIdentifyReply,
  type CredentialVerifyReply,
} from '@mail/contracts';
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

  @MessagePattern(CredentialIdentify.subject)
  identify(request: { userName?: unknown }): Promise<CredentialIdentifyReply> {
    if (typeof request?.userName !== 'string' || request.userName.length > 1024)
      throw new BusError('bad-request', 'userName must be a string of at most 1024 characters');
    return this.credentials.identify(request.userName);
  }
}
