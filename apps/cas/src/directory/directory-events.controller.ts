/**
 * The directory's change events, heard by every CAS instance: each drops what it remembered
 * of what changed, so the change applies to the next request (directory-views.ts).
 */
import { Controller } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import {
  CredentialChanged,
  DeviceChanged,
  PolicyChanged,
  VirtualDirectoryChanged,
  type CredentialChangedEvent,
  type DeviceChangedEvent,
} from '@mail/contracts';
import { Authenticator } from '../auth/authenticator';
import { DirectoryViews } from './directory-views';

@Controller()
export class DirectoryEventsController {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly views: DirectoryViews,
  ) {}

  @EventPattern(CredentialChanged.subject)
  credentialChanged(event: CredentialChangedEvent): void {
    if (typeof event?.userPrincipalName !== 'string') return;
    this.authenticator.forgetUser(event.userPrincipalName);
    this.views.forgetUser(event.userPrincipalName);
  }

  @EventPattern(DeviceChanged.subject)
  deviceChanged(event: DeviceChangedEvent): void {
    this.views.forgetDevice(typeof event?.deviceId === 'string' ? event.deviceId : undefined);
  }

  @EventPattern(PolicyChanged.subject)
  policyChanged(): void {
    this.views.forgetPolicies();
  }

  @EventPattern(VirtualDirectoryChanged.subject)
  virtualDirectoryChanged(): void {
    this.views.forgetVirtualDirectory();
  }
}
