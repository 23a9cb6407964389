import { Module } from '@nestjs/common';
import { DirectoryCoreModule, directoryRepository } from '../directory-core.module';
import { AddressPoliciesService } from './address-policies.service';
import { MailboxPoliciesService } from './mailbox-policies.service';
import { AddressPolicyRepository } from './persistence/address-policy.repository';
import { MailboxPolicyRepository } from './persistence/mailbox-policy.repository';
import { PoliciesController } from './policies.controller';

/** Organization policies: EAS mobile device mailbox policies and email address policies. */
@Module({
  imports: [DirectoryCoreModule],
  controllers: [PoliciesController],
  providers: [
    directoryRepository(MailboxPolicyRepository),
    directoryRepository(AddressPolicyRepository),
    MailboxPoliciesService,
    AddressPoliciesService,
  ],
  // The recipients controller applies address policies to each new mailbox.
  exports: [AddressPoliciesService],
})
export class PoliciesModule {}
