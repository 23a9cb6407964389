/**
 * EAS mobile device mailbox policies: settings checked against libs/policy and stored resolved
 * (every setting), one default that cannot be removed, one policy per user with the default
 * as fallback. Errors are BusErrors the edge maps to its protocol.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  PolicyChanged,
  type EffectivePolicy,
  type MobileDeviceMailboxPolicy,
  type PolicyAssignment,
} from '@mail/contracts';
import {
  resolveAllSettings,
  serverSettingByName,
  settingByName,
  validatePolicy,
  type PartialEasPolicy,
} from '@mail/policy';
import { BusError, RUNTIME, type Runtime } from '@mail/runtime';
import { DirectoryConflictError } from '../persistence/directory.repository';
import { RecipientRepository } from '../persistence/recipient.repository';
import {
  MailboxPolicyRepository,
  type MailboxPolicyRow,
} from './persistence/mailbox-policy.repository';

/**
 * Checks admin input against the settings table. Booleans may come as 0/1 (their EAS wire
 * form, and what mailctl sends); every problem becomes one "Setting: message" line of a 400.
 */
export function checkSettings(input: Record<string, unknown>): PartialEasPolicy {
  const settings = Object.fromEntries(
    Object.entries(input).map(([name, value]) =>
      (settingByName(name) ?? serverSettingByName(name))?.kind === 'boolean' &&
      (value === 0 || value === 1)
        ? [name, value === 1]
        : [name, value],
    ),
  );
  const problems = validatePolicy(settings);
  if (problems.length > 0)
    throw new BusError(
      'bad-request',
      problems.map((p) => `${p.setting || 'settings'}: ${p.message}`).join('; '),
    );
  return settings as PartialEasPolicy;
}

function view(row: MailboxPolicyRow): MobileDeviceMailboxPolicy {
  return {
    name: row.name,
    isDefault: row.isDefault,
    // Resolved again on the way out: a setting added to libs/policy later gets its default.
    settings: { ...resolveAllSettings(row.settings as PartialEasPolicy) },
    updatedAt: row.updatedAt.toISOString(),
  };
}

@Injectable()
export class MailboxPoliciesService {
  constructor(
    private readonly policies: MailboxPolicyRepository,
    private readonly recipients: RecipientRepository,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  /** Every CAS re-reads policies after a change, so devices re-provision on their next request. */
  private async changed<T>(result: T): Promise<T> {
    await this.runtime.bus.emit(PolicyChanged, {});
    return result;
  }

  async add(request: {
    name: string;
    isDefault: boolean;
    settings: Record<string, unknown>;
  }): Promise<MobileDeviceMailboxPolicy> {
    const settings = { ...resolveAllSettings(checkSettings(request.settings)) };
    try {
      return await this.changed(view(await this.policies.add({ ...request, settings })));
    } catch (error) {
      if (error instanceof DirectoryConflictError) throw new BusError('conflict', error.message);
      throw error;
    }
  }

  async set(request: {
    name: string;
    isDefault?: true;
    settings: Record<string, unknown>;
  }): Promise<MobileDeviceMailboxPolicy> {
    const changes = checkSettings(request.settings);
    const row = await this.policy(request.name);
    const settings = {
      ...resolveAllSettings({ ...(row.settings as PartialEasPolicy), ...changes }),
    };
    await this.policies.update(row.id, { settings, makeDefault: request.isDefault === true });
    return this.changed(view((await this.policies.find(row.name))!));
  }

  async show(name: string): Promise<MobileDeviceMailboxPolicy> {
    return view(await this.policy(name));
  }

  async list(): Promise<{ policies: MobileDeviceMailboxPolicy[] }> {
    return { policies: (await this.policies.list()).map(view) };
  }

  async remove(name: string): Promise<{ removed: string }> {
    const row = await this.policy(name);
    if (row.isDefault)
      throw new BusError(
        'conflict',
        `${row.name} is the default policy and cannot be removed: make another policy the default first`,
      );
    if (!(await this.policies.remove(row.id))) {
      const assigned = await this.policies.countAssigned(row.id);
      throw new BusError(
        'conflict',
        `${row.name} is assigned to ${assigned} mailbox(es): assign them another policy first`,
      );
    }
    return this.changed({ removed: row.name });
  }

  async assign(address: string, policyName: string | null): Promise<PolicyAssignment> {
    const user = await this.mailbox(address);
    const policy = policyName === null ? null : await this.policy(policyName);
    await this.policies.assign(user.id, policy?.id ?? null);
    const effective = await this.policies.effectiveFor(user.id);
    return this.changed({
      address: user.primarySmtpAddress,
      policy: effective.policy.name,
      usesDefault: effective.usesDefault,
    });
  }

  async effective(address: string): Promise<EffectivePolicy> {
    const user = await this.mailbox(address);
    const { policy } = await this.policies.effectiveFor(user.id);
    const { name, settings, updatedAt } = view(policy);
    return { name, settings, updatedAt };
  }

  private async policy(name: string): Promise<MailboxPolicyRow> {
    const row = await this.policies.find(name);
    if (!row) throw new BusError('not-found', `no mobile device mailbox policy is named ${name}`);
    return row;
  }

  private async mailbox(address: string) {
    const row = await this.recipients.findMailbox(address);
    if (!row) throw new BusError('not-found', `no mailbox has the address ${address}`);
    return row;
  }
}
