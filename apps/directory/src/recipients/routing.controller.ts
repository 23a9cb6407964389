import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  GROUP_EXPANSION_MAX_MEMBERS,
  GroupExpand,
  GroupExpandRequest,
  RecipientResolve,
  RecipientResolveRequest,
} from '@mail/contracts';
import { BusError, parsePayload } from '@mail/runtime';
import { RecipientRepository } from '../persistence/recipient.repository';
import { RoutingRepository } from '../persistence/routing.repository';

/** Hub transport's lookups (routing.ts contracts): read-only, validated, bounded. */
@Controller()
export class RoutingController {
  constructor(
    private readonly routing: RoutingRepository,
    private readonly recipients: RecipientRepository,
  ) {}

  @MessagePattern(RecipientResolve.subject)
  async resolve(payload: unknown) {
    const { addresses } = parsePayload(RecipientResolveRequest, payload);
    return { recipients: await this.routing.resolveMany(addresses) };
  }

  @MessagePattern(GroupExpand.subject)
  async expand(payload: unknown) {
    const { address } = parsePayload(GroupExpandRequest, payload);
    const owner = await this.recipients.resolve(address);
    if (owner?.kind !== 'group')
      throw new BusError('not-found', `no group has the address ${address}`);
    return this.routing.expandGroup(owner.id, GROUP_EXPANSION_MAX_MEMBERS);
  }
}
