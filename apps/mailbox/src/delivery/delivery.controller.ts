import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  DeliverRequest,
  MessageAppend,
  MessageAppendRequest,
  MessageDeliver,
} from '@mail/contracts';
import { parsePayload } from '@mail/runtime';
import { DeliveryService } from './delivery.service';

/**
 * Test-only: milliseconds to wait after the commit and before the answer, so a crash test can
 * kill the process in between. Read once at start; unset (0) in every real deployment.
 */
export const TEST_DELAY_BEFORE_REPLY = Symbol('TEST_DELAY_BEFORE_REPLY');
export const testDelayFromEnv = (env: NodeJS.ProcessEnv) =>
  Math.max(0, Number(env.MAILBOX_TEST_DELAY_BEFORE_REPLY_MS) || 0);

@Controller()
export class DeliveryController {
  constructor(
    private readonly delivery: DeliveryService,
    @Inject(TEST_DELAY_BEFORE_REPLY) private readonly testDelayMs: number,
  ) {}

  @MessagePattern(MessageDeliver.subject)
  async deliver(payload: unknown) {
    const reply = await this.delivery.deliver(parsePayload(DeliverRequest, payload));
    if (this.testDelayMs) await new Promise((resolve) => setTimeout(resolve, this.testDelayMs));
    return reply;
  }

  @MessagePattern(MessageAppend.subject)
  append(payload: unknown) {
    const { mailbox, ...append } = parsePayload(MessageAppendRequest, payload);
    return this.delivery.append(mailbox, append);
  }
}
