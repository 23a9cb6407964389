import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  QueueList,
  QueueListRequest,
  QueueRemove,
  QueueRemoveRequest,
  QueueRetry,
  QueueRetryRequest,
  QueueShow,
  QueueShowRequest,
} from '@mail/contracts';
import { BusError, parsePayload } from '@mail/runtime';
import { HubTransport } from '../hub-transport';

const notFound = (queueId: string) =>
  new BusError('not-found', `no message with queue id ${queueId} is in the queue`);

/** The queue for administrators (`mailctl queue ...` through the admin API). */
@Controller()
export class QueueController {
  constructor(@Inject(HubTransport) private readonly transport: HubTransport) {}

  @MessagePattern(QueueList.subject)
  list(payload: unknown) {
    return this.transport.admin.list(parsePayload(QueueListRequest, payload));
  }

  @MessagePattern(QueueShow.subject)
  async show(payload: unknown) {
    const { queueId } = parsePayload(QueueShowRequest, payload);
    return (await this.transport.admin.show(queueId)) ?? Promise.reject(notFound(queueId));
  }

  @MessagePattern(QueueRetry.subject)
  async retry(payload: unknown) {
    const { queueId } = parsePayload(QueueRetryRequest, payload);
    const retried = await this.transport.admin.retryNow(queueId);
    if (retried === null) throw notFound(queueId);
    this.transport.wake();
    return { queueId, retried };
  }

  @MessagePattern(QueueRemove.subject)
  async remove(payload: unknown) {
    const { queueId } = parsePayload(QueueRemoveRequest, payload);
    if (!(await this.transport.admin.remove(queueId))) throw notFound(queueId);
    return { removed: queueId };
  }
}
