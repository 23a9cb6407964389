/** The mail queue of hub transport: messages waiting, one in detail, retry now, remove. */
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
import { route, type AdminRoute } from '../admin-route';

const QUEUE = 'Mail queue';

export const QUEUE_ROUTES: AdminRoute[] = [
  route(
    'GET',
    '/queue/messages',
    QUEUE,
    'List messages in the queue (state: new, active, ready, retry)',
    QueueList,
    QueueListRequest,
  ),
  route(
    'GET',
    '/queue/messages/:queueId',
    QUEUE,
    "Show a queued message and each recipient's delivery",
    QueueShow,
    QueueShowRequest,
  ),
  route(
    'POST',
    '/queue/messages/:queueId/retry',
    QUEUE,
    'Try the deliveries waiting to retry now',
    QueueRetry,
    QueueRetryRequest,
  ),
  route(
    'DELETE',
    '/queue/messages/:queueId',
    QUEUE,
    'Remove a message from the queue (its sender is not notified)',
    QueueRemove,
    QueueRemoveRequest,
  ),
];
