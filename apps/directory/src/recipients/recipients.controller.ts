import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  ContactAdd,
  ContactAddRequest,
  ContactList,
  ContactListRequest,
  ContactRemove,
  ContactRemoveRequest,
  GroupAdd,
  GroupAddRequest,
  GroupList,
  GroupListRequest,
  GroupMemberAdd,
  GroupMemberRemove,
  GroupMemberRequest,
  GroupRemove,
  GroupRemoveRequest,
  GroupShow,
  GroupShowRequest,
  MailboxAdd,
  MailboxAddRequest,
  MailboxList,
  MailboxListRequest,
  MailboxRemove,
  MailboxRemoveRequest,
  MailboxSet,
  MailboxSetRequest,
  MailboxShow,
  MailboxShowRequest,
} from '@mail/contracts';
import { parsePayload } from '@mail/runtime';
import { AddressPoliciesService } from '../policies/address-policies.service';
import { RecipientsService } from './recipients.service';

/** The directory's recipient requests on the bus: validate, then hand to the service. */
@Controller()
export class RecipientsController {
  constructor(
    private readonly recipients: RecipientsService,
    private readonly addressPolicies: AddressPoliciesService,
  ) {}

  /** A new mailbox gets the addresses of the email address policy that governs its domain, as in Exchange. */
  @MessagePattern(MailboxAdd.subject)
  async addMailbox(payload: unknown) {
    const created = await this.recipients.addMailbox(parsePayload(MailboxAddRequest, payload));
    const applied = await this.addressPolicies.applyTo(created.primarySmtpAddress);
    return applied.changed > 0 ? this.recipients.showMailbox(created.userPrincipalName) : created;
  }

  @MessagePattern(MailboxList.subject)
  listMailboxes(payload: unknown) {
    return this.recipients.listMailboxes(parsePayload(MailboxListRequest, payload));
  }

  @MessagePattern(MailboxShow.subject)
  showMailbox(payload: unknown) {
    return this.recipients.showMailbox(parsePayload(MailboxShowRequest, payload).address);
  }

  @MessagePattern(MailboxSet.subject)
  setMailbox(payload: unknown) {
    return this.recipients.setMailbox(parsePayload(MailboxSetRequest, payload));
  }

  @MessagePattern(MailboxRemove.subject)
  removeMailbox(payload: unknown) {
    return this.recipients.removeMailbox(parsePayload(MailboxRemoveRequest, payload).address);
  }

  @MessagePattern(GroupAdd.subject)
  addGroup(payload: unknown) {
    const { address, displayName } = parsePayload(GroupAddRequest, payload);
    return this.recipients.addGroup(address, displayName);
  }

  @MessagePattern(GroupList.subject)
  listGroups(payload: unknown) {
    return this.recipients.listGroups(parsePayload(GroupListRequest, payload));
  }

  @MessagePattern(GroupShow.subject)
  showGroup(payload: unknown) {
    return this.recipients.showGroup(parsePayload(GroupShowRequest, payload).address);
  }

  @MessagePattern(GroupRemove.subject)
  removeGroup(payload: unknown) {
    return this.recipients.removeGroup(parsePayload(GroupRemoveRequest, payload).address);
  }

  @MessagePattern(GroupMemberAdd.subject)
  addGroupMember(payload: unknown) {
    const { address, member } = parsePayload(GroupMemberRequest, payload);
    return this.recipients.addGroupMember(address, member);
  }

  @MessagePattern(GroupMemberRemove.subject)
  removeGroupMember(payload: unknown) {
    const { address, member } = parsePayload(GroupMemberRequest, payload);
    return this.recipients.removeGroupMember(address, member);
  }

  @MessagePattern(ContactAdd.subject)
  addContact(payload: unknown) {
    return this.recipients.addContact(parsePayload(ContactAddRequest, payload));
  }

  @MessagePattern(ContactList.subject)
  listContacts(payload: unknown) {
    return this.recipients.listContacts(parsePayload(ContactListRequest, payload));
  }

  @MessagePattern(ContactRemove.subject)
  removeContact(payload: unknown) {
    return this.recipients.removeContact(parsePayload(ContactRemoveRequest, payload).address);
  }
}
