import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  ContactResolve,
  ContactResolveRequest,
  FREE_BUSY_MAX_INTERVALS,
  FreeBusyGet,
  FreeBusyRequest,
  type BusyInterval,
} from '@mail/contracts';
import { parsePayload } from '@mail/runtime';
import { MailboxIds } from '../persistence/mailbox-ids';
import { busyIntervals } from './occurrences';
import { PeopleRepository } from './people.repository';

/** Contacts and free/busy for EAS ResolveRecipients: validate, then read the mailbox. */
@Controller()
export class PeopleController {
  constructor(
    private readonly mailboxes: MailboxIds,
    private readonly people: PeopleRepository,
  ) {}

  @MessagePattern(ContactResolve.subject)
  async resolve(payload: unknown) {
    const r = parsePayload(ContactResolveRequest, payload);
    const id = (await this.mailboxes.ensure(r.mailbox)).id;
    const resolutions = [];
    for (const name of r.names)
      resolutions.push({ name, contacts: await this.people.contacts(id, name, r.limit) });
    return { resolutions };
  }

  @MessagePattern(FreeBusyGet.subject)
  async freeBusy(payload: unknown) {
    const r = parsePayload(FreeBusyRequest, payload);
    // Another user's mailbox: read only if it exists, never created by a colleague's request.
    const id = await this.mailboxes.require(r.mailbox);
    const from = new Date(r.start);
    const to = new Date(r.end);
    const items = await this.people.calendar(id, from, to, FREE_BUSY_MAX_INTERVALS);
    const intervals: BusyInterval[] = [];
    for (const item of items) {
      const left = FREE_BUSY_MAX_INTERVALS - intervals.length;
      if (left <= 0) break;
      intervals.push(...busyIntervals(item, from, to, left));
    }
    return { intervals: intervals.slice(0, FREE_BUSY_MAX_INTERVALS) };
  }
}
