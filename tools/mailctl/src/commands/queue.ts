/** mailctl commands for hub transport's mail queue: queue list, show, retry, remove. */
import { Option } from 'commander';
import { enc, integer, query, type Cli } from '../cli';

const MESSAGE_COLUMNS = [
  'queueId',
  'state',
  'sender',
  'recipients',
  'pending',
  'nextAttemptAt',
  'lastError',
];
const DELIVERY_COLUMNS = [
  'recipient',
  'route',
  'state',
  'attempts',
  'nextAttemptAt',
  'lastResponse',
];
const path = (queueId: string) => `/queue/messages/${enc(queueId)}`;

export function registerQueueCommands({ program, run, printList }: Cli): void {
  const queue = program.command('queue').description('the mail queue of hub transport');
  queue
    .command('list')
    .addOption(
      new Option('--state <state>', 'only messages in this state').choices([
        'new',
        'active',
        'ready',
        'retry',
      ]),
    )
    .option('--limit <n>', 'at most this many (1-1000)', integer)
    .option('--offset <n>', 'skip this many', integer)
    .action((o: { state?: string; limit?: number; offset?: number }) =>
      run(async (api, print) =>
        printList(
          print,
          await api('GET', `/queue/messages${query(o)}`),
          'messages',
          MESSAGE_COLUMNS,
        ),
      )(),
    );
  queue
    .command('show <queueId>')
    .description("a message's envelope and each recipient's delivery")
    .action((queueId: string) =>
      run(async (api, print) => {
        const answer = (await api('GET', path(queueId))) as Record<string, unknown>;
        if (program.opts().json) return print(answer);
        const { deliveries, ...message } = answer;
        print(message);
        print(deliveries, DELIVERY_COLUMNS);
      })(),
    );
  queue
    .command('retry <queueId>')
    .description('try the deliveries waiting to retry now')
    .action((queueId: string) =>
      run(async (api, print) => print(await api('POST', `${path(queueId)}/retry`, {})))(),
    );
  queue
    .command('remove <queueId>')
    .description('remove a message from the queue, without notifying its sender')
    .action((queueId: string) =>
      run(async (api, print) => print(await api('DELETE', path(queueId))))(),
    );
}
