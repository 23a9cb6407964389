import { Controller } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { CredentialChanged, type CredentialChangedEvent } from '@mail/contracts';
import { Authenticator } from './authenticator';

/** Every CAS instance hears a user's sign-in change and forgets what it cached for them. */
@Controller()
export class CredentialChangesController {
  constructor(private readonly authenticator: Authenticator) {}

  @EventPattern(CredentialChanged.subject)
  changed(event: CredentialChangedEvent): void {
    if (typeof event?.userPrincipalName === 'string')
      this.authenticator.cache.evict(event.userPrincipalName);
  }
}
