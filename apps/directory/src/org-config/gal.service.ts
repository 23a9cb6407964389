/**
 * GAL lookups for EAS Search (GAL store), ResolveRecipients and Find. Only an enabled user of
 * the organization may read the address list.
 */
import { Injectable } from '@nestjs/common';
import type { GalEntry, GalResolveRequest, GalSearchRequest } from '@mail/contracts';
import { BusError } from '@mail/runtime';
import type { z } from 'zod';
import { GalRepository } from './persistence/gal.repository';

@Injectable()
export class GalService {
  constructor(private readonly gal: GalRepository) {}

  async search(
    request: z.output<typeof GalSearchRequest>,
  ): Promise<{ total: number; entries: GalEntry[] }> {
    if (!(await this.gal.isEnabledUser(request.userPrincipalName)))
      throw new BusError('forbidden', `${request.userPrincipalName} may not read the address list`);
    return this.gal.search(request.query, request.rangeStart, request.rangeEnd);
  }

  /**
   * Each name resolves to the recipients with exactly that address, else to those whose names
   * or addresses start with it; more than one is ambiguous (the device lets the user choose).
   */
  async resolve(
    request: z.output<typeof GalResolveRequest>,
  ): Promise<{ resolutions: Array<{ name: string; ambiguous: boolean; recipients: GalEntry[] }> }> {
    const resolutions = [];
    for (const name of request.names) {
      const limit = request.maxAmbiguousRecipients;
      let recipients = await this.gal.exact(name, limit);
      if (recipients.length === 0) recipients = await this.gal.prefix(name, limit);
      resolutions.push({ name, ambiguous: recipients.length > 1, recipients });
    }
    return { resolutions };
  }
}
