/**
 * What hub transport asks the directory to route mail (Exchange's categorizer lookups): which
 * recipient owns an address, the members of a group flattened through nested groups, and the
 * smart-host credential of a send connector. Accepted domains and connector settings are the
 * domain and connector requests already listed in domains.ts and org-config.ts.
 */
import { z } from 'zod';
import { request } from '../bus/subject';
import { SmtpAddress } from './values';

/** Addresses one resolve request may ask about (one message's recipients, at most). */
export const RESOLVE_MAX_ADDRESSES = 1000;
/** Members one group expansion returns; a larger group is reported as truncated. */
export const GROUP_EXPANSION_MAX_MEMBERS = 10_000;

/** Lower-cased and bounded, but not syntax-checked: RCPT TO carries whatever a client sent. */
const LookupAddress = z.string().trim().toLowerCase().min(1).max(320);

export const RecipientResolveRequest = z.object({
  addresses: z.array(LookupAddress).min(1).max(RESOLVE_MAX_ADDRESSES),
});

/** A recipient found for an address; `address` is the address asked about. */
export type ResolvedRecipient =
  | {
      address: string;
      kind: 'mailbox';
      primarySmtpAddress: string;
      /** The mailbox role's name for the user's mailbox. */
      userPrincipalName: string;
      displayName: string;
      /** Every address of the user, primary first (what they may send as). */
      proxyAddresses: string[];
      accountDisabled: boolean;
    }
  | {
      address: string;
      kind: 'group';
      primarySmtpAddress: string;
      displayName: string;
    }
  | {
      address: string;
      kind: 'contact';
      externalEmailAddress: string;
      displayName: string;
    }
  | { address: string; kind: null };

export const RecipientResolve = request<
  z.input<typeof RecipientResolveRequest>,
  { recipients: ResolvedRecipient[] }
>('directory', 'recipient', 'resolve');

export const GroupExpandRequest = z.object({ address: SmtpAddress });

/** A group's members once nested groups are opened: each mailbox and contact once. */
export type ExpandedMember =
  | { kind: 'mailbox'; primarySmtpAddress: string; userPrincipalName: string }
  | { kind: 'contact'; externalEmailAddress: string };

export const GroupExpand = request<
  z.input<typeof GroupExpandRequest>,
  { members: ExpandedMember[]; truncated: boolean }
>('directory', 'group', 'expand');

export const SendConnectorCredentialRequest = z.object({
  name: z.string().trim().min(1).max(64),
});
/** The smart-host sign-in of a send connector, for hub transport only; not-found without one. */
export const SendConnectorCredential = request<
  z.input<typeof SendConnectorCredentialRequest>,
  { userName: string; password: string }
>('directory', 'send-connector', 'credential');
