/**
 * The rules for recipients, whoever asks (admin API, bootstrap): addresses of mailboxes and
 * groups must be in an accepted domain we deliver for, every address is unique, passwords are
 * stored only as argon2id hashes. Errors are BusErrors the edge maps to its protocol.
 */
import { Inject, Injectable } from '@nestjs/common';
import { CredentialChanged, RecipientCreated } from '@mail/contracts';
import type {
  Contact,
  Group,
  Mailbox,
  MailboxAddRequest,
  MailboxSetRequest,
} from '@mail/contracts';
import { BusError, RUNTIME, type Runtime } from '@mail/runtime';
import type { z } from 'zod';
import { hashPassword } from '../credentials/password-hash';
import { DirectoryConflictError, DirectoryRepository } from '../persistence/directory.repository';
import { RecipientRepository } from '../persistence/recipient.repository';
import { contactView, groupView, mailboxView } from './recipient-view';

type Paging = { offset: number; limit: number };

/** Runs a repository call, turning address collisions into the contract's `conflict`. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DirectoryConflictError) throw new BusError('conflict', error.message);
    throw error;
  }
}

@Injectable()
export class RecipientsService {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly recipients: RecipientRepository,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  /** Tells every CAS to forget what it cached for this user's sign-in. */
  private async signInChanged(userPrincipalName: string): Promise<void> {
    await this.runtime.bus.emit(CredentialChanged, { userPrincipalName });
  }

  async addMailbox(request: z.output<typeof MailboxAddRequest>): Promise<Mailbox> {
    await this.requireDeliverableDomain(request.address);
    const { address, displayName, password, isAdmin, easEnabled, ...person } = request;
    const passwordHash = password === undefined ? null : await hashPassword(password);
    const mailbox = mailboxView(
      await guarded(() =>
        this.recipients.addMailbox({
          address,
          displayName,
          passwordHash,
          isAdmin,
          easEnabled,
          person,
        }),
      ),
    );
    await this.mailboxCreated(mailbox);
    return mailbox;
  }

  /**
   * Asks the mailbox role to create the user's mailbox. Committed already, so a failed publish
   * is logged, not thrown: the mailbox role also creates a mailbox on first use.
   */
  private async mailboxCreated(mailbox: Mailbox): Promise<void> {
    const { userPrincipalName, primarySmtpAddress } = mailbox;
    await this.runtime.bus
      .emit(RecipientCreated, { kind: 'mailbox', userPrincipalName, primarySmtpAddress })
      .catch((error: unknown) =>
        this.runtime.logger.warn(
          { err: String(error), userPrincipalName },
          'could not publish that a mailbox user was created',
        ),
      );
  }

  async showMailbox(address: string): Promise<Mailbox> {
    return mailboxView(await this.mailbox(address));
  }

  async listMailboxes(
    filter: { domain?: string; search?: string } & Paging,
  ): Promise<{ mailboxes: Mailbox[]; total: number }> {
    const { rows, total } = await this.recipients.listMailboxes(filter);
    return { mailboxes: rows.map(mailboxView), total };
  }

  async setMailbox(request: z.output<typeof MailboxSetRequest>): Promise<Mailbox> {
    const row = await this.mailbox(request.address);
    const {
      address: _address,
      password,
      primarySmtpAddress,
      addProxyAddresses,
      removeProxyAddresses,
      ...rest
    } = request;
    for (const added of [
      ...(addProxyAddresses ?? []),
      ...(primarySmtpAddress ? [primarySmtpAddress] : []),
    ]) {
      await this.requireDeliverableDomain(added);
    }
    const passwordHash = password === undefined ? undefined : await hashPassword(password);
    await guarded(() =>
      this.recipients.updateMailbox(row.id, {
        ...rest,
        passwordHash,
        primarySmtpAddress,
        addAddresses: addProxyAddresses,
        removeAddresses: removeProxyAddresses,
      }),
    );
    await this.signInChanged(row.userPrincipalName);
    return this.showMailbox(primarySmtpAddress ?? row.primarySmtpAddress);
  }

  async removeMailbox(address: string): Promise<{ removed: string }> {
    const row = await this.mailbox(address);
    if (row.isAdmin && (await this.directory.countAdmins()) === 1) {
      throw new BusError(
        'conflict',
        `${row.primarySmtpAddress} is the last administrator: make another user an administrator first`,
      );
    }
    await this.recipients.removeMailbox(row.id);
    await this.signInChanged(row.userPrincipalName);
    return { removed: row.primarySmtpAddress };
  }

  async addGroup(address: string, displayName: string): Promise<Group> {
    await this.requireDeliverableDomain(address);
    return groupView(await guarded(() => this.recipients.addGroup(address, displayName)));
  }

  async showGroup(address: string): Promise<Group> {
    return groupView(await this.group(address));
  }

  async listGroups(
    filter: { search?: string } & Paging,
  ): Promise<{ groups: Group[]; total: number }> {
    const { rows, total } = await this.recipients.listGroups(filter);
    return { groups: rows.map(groupView), total };
  }

  async removeGroup(address: string): Promise<{ removed: string }> {
    const row = await this.group(address);
    await this.recipients.removeGroup(row.id);
    return { removed: row.primarySmtpAddress };
  }

  async addGroupMember(address: string, memberAddress: string): Promise<Group> {
    const group = await this.group(address);
    const member = await this.recipients.resolve(memberAddress);
    if (!member) throw new BusError('not-found', `no recipient has the address ${memberAddress}`);
    if (member.id === group.id)
      throw new BusError('conflict', 'a group cannot be a member of itself');
    await guarded(() => this.recipients.addMember(group.id, member));
    return this.showGroup(address);
  }

  async removeGroupMember(address: string, memberAddress: string): Promise<Group> {
    const group = await this.group(address);
    const member = await this.recipients.resolve(memberAddress);
    if (!member || !(await this.recipients.removeMember(group.id, member.id))) {
      throw new BusError(
        'not-found',
        `${memberAddress} is not a member of ${group.primarySmtpAddress}`,
      );
    }
    return this.showGroup(address);
  }

  async addContact(request: {
    address: string;
    displayName: string;
    givenName?: string;
    surname?: string;
  }): Promise<Contact> {
    return contactView(await guarded(() => this.recipients.addContact(request)));
  }

  async listContacts(
    filter: { search?: string } & Paging,
  ): Promise<{ contacts: Contact[]; total: number }> {
    const { rows, total } = await this.recipients.listContacts(filter);
    return { contacts: rows.map(contactView), total };
  }

  async removeContact(address: string): Promise<{ removed: string }> {
    const row = await this.recipients.findContact(address);
    if (!row) throw new BusError('not-found', `no contact has the address ${address}`);
    await this.recipients.removeContact(row.id);
    return { removed: row.externalEmailAddress };
  }

  private async mailbox(address: string) {
    const row = await this.recipients.findMailbox(address);
    if (!row) throw new BusError('not-found', `no mailbox has the address ${address}`);
    return row;
  }

  private async group(address: string) {
    const row = await this.recipients.findGroup(address);
    if (!row) throw new BusError('not-found', `no group has the address ${address}`);
    return row;
  }

  /** Mailboxes and groups get addresses only in domains we deliver for (not ExternalRelay). */
  private async requireDeliverableDomain(address: string): Promise<void> {
    const domain = address.slice(address.lastIndexOf('@') + 1);
    const accepted = await this.directory.findAcceptedDomain(domain);
    if (!accepted || accepted.domainType === 'ExternalRelay') {
      throw new BusError(
        'bad-request',
        `${domain} is not an accepted domain of this organization (Authoritative or InternalRelay): add it first`,
      );
    }
  }
}
