/**
 * Email address policies (Exchange's): templates checked when the policy is added (each domain
 * an accepted domain we deliver for), applied explicitly to every mailbox the policy governs,
 * or to one mailbox right after it is created. A mailbox is governed by the first policy, by
 * priority, whose filter selects it.
 */
import { Injectable } from '@nestjs/common';
import type { AddressPolicyApplied, AddressPolicySkip, EmailAddressPolicy } from '@mail/contracts';
import { BusError } from '@mail/runtime';
import { DirectoryConflictError, DirectoryRepository } from '../persistence/directory.repository';
import { RecipientRepository, type MailboxRow } from '../persistence/recipient.repository';
import { expandTemplate, parseTemplates } from './address-template';
import {
  AddressPolicyRepository,
  type AddressPolicyRow,
} from './persistence/address-policy.repository';

/** Mailboxes read per page while applying a policy to all of them. */
const APPLY_PAGE = 500;

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

function view(row: AddressPolicyRow): EmailAddressPolicy {
  return {
    name: row.name,
    priority: row.priority,
    domain: row.domain,
    enabledPrimarySmtpAddressTemplate: row.templates[0],
    enabledEmailAddressTemplates: row.templates,
  };
}

@Injectable()
export class AddressPoliciesService {
  constructor(
    private readonly policies: AddressPolicyRepository,
    private readonly recipients: RecipientRepository,
    private readonly directory: DirectoryRepository,
  ) {}

  async add(request: {
    name: string;
    priority: number;
    domain?: string;
    templates: string[];
  }): Promise<EmailAddressPolicy> {
    let templates;
    try {
      templates = parseTemplates(request.templates);
    } catch (error) {
      throw new BusError('bad-request', (error as Error).message);
    }
    for (const domain of new Set(templates.map((t) => t.domain)))
      await this.requireDeliverable(domain);
    if (request.domain && !(await this.directory.findAcceptedDomain(request.domain)))
      throw new BusError('bad-request', `domain: ${request.domain} is not an accepted domain`);
    try {
      return view(
        await this.policies.add({
          name: request.name,
          priority: request.priority,
          domain: request.domain ?? null,
          templates: templates.map((t) => t.text),
        }),
      );
    } catch (error) {
      if (error instanceof DirectoryConflictError) throw new BusError('conflict', error.message);
      throw error;
    }
  }

  async list(): Promise<{ policies: EmailAddressPolicy[] }> {
    return { policies: (await this.policies.list()).map(view) };
  }

  async remove(name: string): Promise<{ removed: string }> {
    const row = await this.policy(name);
    await this.policies.remove(row.id);
    return { removed: row.name };
  }

  /** Applies a policy to every mailbox it governs (not those a higher-priority policy takes). */
  async apply(name: string): Promise<AddressPolicyApplied> {
    const policy = await this.policy(name);
    const result: AddressPolicyApplied = {
      policy: policy.name,
      mailboxes: 0,
      changed: 0,
      skipped: [],
    };
    const all = await this.policies.list();
    // Read every page first: stamping can change a primary address, which would move
    // mailboxes in and out of a domain-filtered page while we walk it.
    const mailboxes: MailboxRow[] = [];
    for (let offset = 0; ; offset += APPLY_PAGE) {
      const { rows } = await this.recipients.listMailboxes({
        domain: policy.domain ?? undefined,
        offset,
        limit: APPLY_PAGE,
      });
      mailboxes.push(...rows);
      if (rows.length < APPLY_PAGE) break;
    }
    for (const mailbox of mailboxes) {
      const domain = domainOf(mailbox.primarySmtpAddress);
      const governing = all.find((p) => p.domain === null || p.domain === domain);
      if (governing?.id === policy.id) await this.stamp(policy, mailbox, result);
    }
    return result;
  }

  async applyTo(address: string): Promise<AddressPolicyApplied> {
    const mailbox = await this.recipients.findMailbox(address);
    if (!mailbox) throw new BusError('not-found', `no mailbox has the address ${address}`);
    const policy = await this.policies.governing(domainOf(mailbox.primarySmtpAddress));
    const result: AddressPolicyApplied = {
      policy: policy?.name ?? null,
      mailboxes: 0,
      changed: 0,
      skipped: [],
    };
    if (policy) await this.stamp(policy, mailbox, result);
    return result;
  }

  private async stamp(policy: AddressPolicyRow, mailbox: MailboxRow, result: AddressPolicyApplied) {
    const [reply, ...others] = parseTemplates(policy.templates).map((t) =>
      expandTemplate(t, mailbox),
    );
    const { changed, taken } = await this.policies.stamp(
      mailbox.id,
      reply,
      others.filter((a): a is string => a !== null),
    );
    result.mailboxes++;
    if (changed) result.changed++;
    result.skipped.push(
      ...taken.map((address): AddressPolicySkip => ({
        mailbox: mailbox.primarySmtpAddress,
        address,
        reason: 'another recipient has this address',
      })),
    );
  }

  private async policy(name: string): Promise<AddressPolicyRow> {
    const row = await this.policies.find(name);
    if (!row) throw new BusError('not-found', `no email address policy is named ${name}`);
    return row;
  }

  private async requireDeliverable(domain: string): Promise<void> {
    const accepted = await this.directory.findAcceptedDomain(domain);
    if (!accepted || accepted.domainType === 'ExternalRelay')
      throw new BusError(
        'bad-request',
        `templates: ${domain} is not an accepted domain we deliver for (Authoritative or InternalRelay): add it first`,
      );
  }
}
