/**
 * Organization policies kept by the directory: EAS mobile device mailbox policies (Exchange's
 * MobileDeviceMailboxPolicy: named sets of MS-ASPROV settings, one of them the default, one per
 * user) and email address policies (Exchange's EmailAddressPolicy: templates that stamp proxy
 * addresses on the mailboxes a recipient filter selects, in priority order).
 */
import { z } from 'zod';
import { event, request } from '../bus/subject';
import { DomainName, SmtpAddress } from './values';

/** A policy's name: what the admin types; compared without regard to case. */
export const PolicyName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[\p{L}\p{N} ._()-]+$/u, 'may hold letters, digits, spaces and . _ ( ) - only');

/**
 * Setting name -> value, as MS-ASPROV names them; the directory checks names and values
 * against libs/policy. Booleans may also be sent as 0/1 (their wire form). Bounded here by
 * the number of keys; libs/policy bounds every value.
 */
export const PolicySettingsInput = z
  .record(z.string().max(64, 'a setting name has at most 64 characters'), z.unknown())
  .refine((settings) => Object.keys(settings).length <= 128, 'at most 128 settings');

export const MobileDeviceMailboxPolicy = z.object({
  name: z.string(),
  isDefault: z.boolean(),
  /** Every setting, resolved (defaults filled in). */
  settings: z.record(z.string(), z.unknown()),
  updatedAt: z.string(),
});
export type MobileDeviceMailboxPolicy = z.infer<typeof MobileDeviceMailboxPolicy>;

export const PolicyAddRequest = z
  .object({
    name: PolicyName,
    isDefault: z.boolean().default(false),
    settings: PolicySettingsInput.default({}),
  })
  .strict();
export const PolicySetRequest = z
  .object({
    name: PolicyName,
    /** Only `true`: another policy becomes the default by being made the default itself. */
    isDefault: z.literal(true).optional(),
    settings: PolicySettingsInput.default({}),
  })
  .strict();
export const PolicyShowRequest = z.object({ name: PolicyName });
export const PolicyListRequest = z.object({});
export const PolicyRemoveRequest = z.object({ name: PolicyName });
/** `policy` null: back to the organization's default policy. */
export const PolicyAssignRequest = z
  .object({ address: SmtpAddress, policy: PolicyName.nullable() })
  .strict();
export const PolicyEffectiveRequest = z.object({ address: SmtpAddress });

export interface PolicyAssignment {
  address: string;
  policy: string;
  /** True when the mailbox has no policy of its own and gets the default. */
  usesDefault: boolean;
}
export interface EffectivePolicy {
  name: string;
  settings: Record<string, unknown>;
  updatedAt: string;
}

export const PolicyAdd = request<z.input<typeof PolicyAddRequest>, MobileDeviceMailboxPolicy>(
  'directory',
  'policy',
  'add',
);
export const PolicySet = request<z.input<typeof PolicySetRequest>, MobileDeviceMailboxPolicy>(
  'directory',
  'policy',
  'set',
);
export const PolicyShow = request<z.input<typeof PolicyShowRequest>, MobileDeviceMailboxPolicy>(
  'directory',
  'policy',
  'show',
);
export const PolicyList = request<
  z.input<typeof PolicyListRequest>,
  { policies: MobileDeviceMailboxPolicy[] }
>('directory', 'policy', 'list');
export const PolicyRemove = request<z.input<typeof PolicyRemoveRequest>, { removed: string }>(
  'directory',
  'policy',
  'remove',
);
export const PolicyAssign = request<z.input<typeof PolicyAssignRequest>, PolicyAssignment>(
  'directory',
  'policy',
  'assign',
);
/** The policy a user's devices must be provisioned with (CAS's Provision command asks this). */
export const PolicyEffective = request<z.input<typeof PolicyEffectiveRequest>, EffectivePolicy>(
  'directory',
  'policy',
  'effective',
);

/**
 * An address template in Exchange's form: `SMTP:` marks the reply (primary) address, `smtp:`
 * or no prefix a secondary one; the local part uses %g %s %m %i %d, with `%<n>x` for the
 * first n characters. Parsed and checked by the directory.
 */
export const AddressTemplate = z.string().trim().min(3).max(330, 'must be at most 330 characters');

export const EmailAddressPolicy = z.object({
  name: z.string(),
  priority: z.number(),
  /** Recipient filter: mailboxes whose primary address is in this domain; null: all mailboxes. */
  domain: z.string().nullable(),
  enabledPrimarySmtpAddressTemplate: z.string(),
  /** Every template, `SMTP:` (the reply template) first, then `smtp:`. */
  enabledEmailAddressTemplates: z.array(z.string()),
});
export type EmailAddressPolicy = z.infer<typeof EmailAddressPolicy>;

export const AddressPolicyAddRequest = z
  .object({
    name: PolicyName,
    priority: z.number().int().min(1).max(1_000_000),
    domain: DomainName.optional(),
    templates: z.array(AddressTemplate).min(1, 'at least one template').max(20),
  })
  .strict();
export const AddressPolicyListRequest = z.object({});
export const AddressPolicyRemoveRequest = z.object({ name: PolicyName });
export const AddressPolicyApplyRequest = z.object({ name: PolicyName });
export const AddressPolicyApplyToRequest = z.object({ address: SmtpAddress });

export interface AddressPolicySkip {
  mailbox: string;
  address: string;
  reason: string;
}
export interface AddressPolicyApplied {
  /** The policy applied; null when no policy's filter selects the mailbox. */
  policy: string | null;
  mailboxes: number;
  changed: number;
  skipped: AddressPolicySkip[];
}

export const AddressPolicyAdd = request<
  z.input<typeof AddressPolicyAddRequest>,
  EmailAddressPolicy
>('directory', 'address-policy', 'add');
export const AddressPolicyList = request<
  z.input<typeof AddressPolicyListRequest>,
  { policies: EmailAddressPolicy[] }
>('directory', 'address-policy', 'list');
export const AddressPolicyRemove = request<
  z.input<typeof AddressPolicyRemoveRequest>,
  { removed: string }
>('directory', 'address-policy', 'remove');
export const AddressPolicyApply = request<
  z.input<typeof AddressPolicyApplyRequest>,
  AddressPolicyApplied
>('directory', 'address-policy', 'apply');
/** Applies the highest-priority policy whose filter selects one mailbox (after its creation). */
export const AddressPolicyApplyTo = request<
  z.input<typeof AddressPolicyApplyToRequest>,
  AddressPolicyApplied
>('directory', 'address-policy', 'apply-to');

/** A mobile device mailbox policy was added, changed, removed or assigned: CAS re-reads them. */
export const PolicyChanged = event<Record<string, never>>('directory', 'policy', 'changed');
