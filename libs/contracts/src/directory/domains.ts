import { z } from 'zod';
import { request } from '../bus/subject';
import { DomainName } from './values';

export const ACCEPTED_DOMAIN_TYPES = ['Authoritative', 'InternalRelay', 'ExternalRelay'] as const;

export const AcceptedDomain = z.object({
  name: z.string(),
  domainType: z.enum(ACCEPTED_DOMAIN_TYPES),
  isDefault: z.boolean(),
});
export type AcceptedDomain = z.infer<typeof AcceptedDomain>;

export const DomainAddRequest = z.object({
  name: DomainName,
  domainType: z.enum(ACCEPTED_DOMAIN_TYPES).default('Authoritative'),
});
export const DomainListRequest = z.object({});
export const DomainRemoveRequest = z.object({ name: DomainName });

export const DomainAdd = request<z.input<typeof DomainAddRequest>, AcceptedDomain>(
  'directory',
  'domain',
  'add',
);
export const DomainList = request<z.input<typeof DomainListRequest>, { domains: AcceptedDomain[] }>(
  'directory',
  'domain',
  'list',
);
export const DomainRemove = request<z.input<typeof DomainRemoveRequest>, { removed: string }>(
  'directory',
  'domain',
  'remove',
);
