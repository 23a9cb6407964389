import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  OofGet,
  OofGetRequest,
  OofReply,
  OofReplyRequest,
  OofSet,
  OofSetRequest,
} from '@mail/contracts';
import { parsePayload } from '@mail/runtime';
import { OofService } from './oof.service';

/** Out-of-office requests (CAS Settings, hub transport auto-replies): validate, then serve. */
@Controller()
export class OofController {
  constructor(private readonly oof: OofService) {}

  @MessagePattern(OofGet.subject)
  get(payload: unknown) {
    return this.oof.get(parsePayload(OofGetRequest, payload).mailbox);
  }

  @MessagePattern(OofSet.subject)
  set(payload: unknown) {
    const { mailbox, ...change } = parsePayload(OofSetRequest, payload);
    return this.oof.set(mailbox, change);
  }

  @MessagePattern(OofReply.subject)
  reply(payload: unknown) {
    const r = parsePayload(OofReplyRequest, payload);
    return this.oof.reply(r.mailbox, r.sender, r.internal);
  }
}
