import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  AddressPolicyAdd,
  AddressPolicyAddRequest,
  AddressPolicyApply,
  AddressPolicyApplyRequest,
  AddressPolicyApplyTo,
  AddressPolicyApplyToRequest,
  AddressPolicyList,
  AddressPolicyListRequest,
  AddressPolicyRemove,
  AddressPolicyRemoveRequest,
  PolicyAdd,
  PolicyAddRequest,
  PolicyAssign,
  PolicyAssignRequest,
  PolicyEffective,
  PolicyEffectiveRequest,
  PolicyList,
  PolicyListRequest,
  PolicyRemove,
  PolicyRemoveRequest,
  PolicySet,
  PolicySetRequest,
  PolicyShow,
  PolicyShowRequest,
} from '@mail/contracts';
import { parsePayload } from '@mail/runtime';
import { AddressPoliciesService } from './address-policies.service';
import { MailboxPoliciesService } from './mailbox-policies.service';

/** Mobile device mailbox policies and email address policies on the bus. */
@Controller()
export class PoliciesController {
  constructor(
    private readonly mailboxPolicies: MailboxPoliciesService,
    private readonly addressPolicies: AddressPoliciesService,
  ) {}

  @MessagePattern(PolicyAdd.subject)
  add(payload: unknown) {
    return this.mailboxPolicies.add(parsePayload(PolicyAddRequest, payload));
  }

  @MessagePattern(PolicySet.subject)
  set(payload: unknown) {
    return this.mailboxPolicies.set(parsePayload(PolicySetRequest, payload));
  }

  @MessagePattern(PolicyShow.subject)
  show(payload: unknown) {
    return this.mailboxPolicies.show(parsePayload(PolicyShowRequest, payload).name);
  }

  @MessagePattern(PolicyList.subject)
  list(payload: unknown) {
    parsePayload(PolicyListRequest, payload);
    return this.mailboxPolicies.list();
  }

  @MessagePattern(PolicyRemove.subject)
  remove(payload: unknown) {
    return this.mailboxPolicies.remove(parsePayload(PolicyRemoveRequest, payload).name);
  }

  @MessagePattern(PolicyAssign.subject)
  assign(payload: unknown) {
    const { address, policy } = parsePayload(PolicyAssignRequest, payload);
    return this.mailboxPolicies.assign(address, policy);
  }

  @MessagePattern(PolicyEffective.subject)
  effective(payload: unknown) {
    return this.mailboxPolicies.effective(parsePayload(PolicyEffectiveRequest, payload).address);
  }

  @MessagePattern(AddressPolicyAdd.subject)
  addAddressPolicy(payload: unknown) {
    return this.addressPolicies.add(parsePayload(AddressPolicyAddRequest, payload));
  }

  @MessagePattern(AddressPolicyList.subject)
  listAddressPolicies(payload: unknown) {
    parsePayload(AddressPolicyListRequest, payload);
    return this.addressPolicies.list();
  }

  @MessagePattern(AddressPolicyRemove.subject)
  removeAddressPolicy(payload: unknown) {
    return this.addressPolicies.remove(parsePayload(AddressPolicyRemoveRequest, payload).name);
  }

  @MessagePattern(AddressPolicyApply.subject)
  applyAddressPolicy(payload: unknown) {
    return this.addressPolicies.apply(parsePayload(AddressPolicyApplyRequest, payload).name);
  }

  @MessagePattern(AddressPolicyApplyTo.subject)
  applyAddressPolicyTo(payload: unknown) {
    return this.addressPolicies.applyTo(parsePayload(AddressPolicyApplyToRequest, payload).address);
  }
}
