import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { MessageSubmit, MessageSubmitRequest, type MessageSubmitReply } from '@mail/contracts';
import { BusError, parsePayload } from '@mail/runtime';
import { HubTransport } from '../hub-transport';

/** `hub-transport.message.submit`: CAS queues a user's message (EAS SendMail). */
@Controller()
export class SubmitController {
  constructor(@Inject(HubTransport) private readonly transport: HubTransport) {}

  @MessagePattern(MessageSubmit.subject)
  async submit(payload: unknown): Promise<MessageSubmitReply> {
    const request = parsePayload(MessageSubmitRequest, payload);
    try {
      return await this.transport.submission.submit(request);
    } catch (error) {
      if (error instanceof BusError) throw error;
      this.transport.logger.error({ err: error }, 'submission could not be queued');
      throw new BusError('unavailable', 'the queue cannot take the message now; try again');
    }
  }
}
