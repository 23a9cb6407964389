import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  DomainAdd,
  DomainAddRequest,
  DomainList,
  DomainListRequest,
  DomainRemove,
  DomainRemoveRequest,
  type AcceptedDomain,
} from '@mail/contracts';
import { BusError, parsePayload } from '@mail/runtime';
import { DirectoryRepository } from '../persistence/directory.repository';

/** Accepted domains: the domains this organization receives mail for (Exchange's semantics). */
@Controller()
export class DomainsController {
  constructor(private readonly directory: DirectoryRepository) {}

  @MessagePattern(DomainAdd.subject)
  async add(payload: unknown): Promise<AcceptedDomain> {
    const { name, domainType } = parsePayload(DomainAddRequest, payload);
    if (!(await this.directory.ensureAcceptedDomain(name, domainType, false))) {
      throw new BusError('conflict', `${name} is already an accepted domain`);
    }
    return { name, domainType, isDefault: false };
  }

  @MessagePattern(DomainList.subject)
  async list(payload: unknown): Promise<{ domains: AcceptedDomain[] }> {
    parsePayload(DomainListRequest, payload);
    const domains = await this.directory.listAcceptedDomains();
    return {
      domains: domains.map(({ name, domainType, isDefault }) => ({ name, domainType, isDefault })),
    };
  }

  @MessagePattern(DomainRemove.subject)
  async remove(payload: unknown): Promise<{ removed: string }> {
    const { name } = parsePayload(DomainRemoveRequest, payload);
    const domain = await this.directory.findAcceptedDomain(name);
    if (!domain) throw new BusError('not-found', `${name} is not an accepted domain`);
    if (domain.isDefault)
      throw new BusError(
        'conflict',
        `${name} is the default accepted domain and cannot be removed`,
      );
    const inUse = await this.directory.countAddressesInDomain(name);
    if (inUse > 0)
      throw new BusError(
        'conflict',
        `${name} is used by ${inUse} recipient address(es): change or remove them first`,
      );
    await this.directory.removeAcceptedDomain(name);
    return { removed: name };
  }
}
