/**
 * Hub transport assembled: the queue and its workers, the receive connectors, submission and
 * administration, over the process's runtime. Starting opens the SMTP listeners last;
 * stopping reverses it: stop accepting (sessions in DATA finish and get their 250), write
 * what was accepted, stop claiming work, let attempts in flight finish, hand back leases.
 */
import { randomBytes } from 'node:crypto';
import { promises as dns } from 'node:dns';
import { hostname } from 'node:os';
import type { Logger, Runtime } from '@mail/runtime';
import { CategorizeWorker } from './categorize/categorize-worker';
import { AutoReplies } from './deliver/auto-reply';
import { MailboxDelivery } from './deliver/mailbox-delivery';
import { DirectoryLookups } from './directory/directory-lookups';
import { Notifications } from './dsn/notifications';
import { TRANSPORT_LIMITS } from './limits';
import { TransportMetrics } from './metrics/transport-metrics';
import { BatchWriter } from './queue/batch-writer';
import { DeliveryWorker } from './queue/delivery-worker';
import { DeliveryRepository } from './queue/persistence/delivery.repository';
import { QueueAdminRepository } from './queue/persistence/queue-admin.repository';
import { QueueRepository } from './queue/persistence/queue.repository';
import type { NewMessage } from './queue/queued-message';
import { WorkInHand } from './queue/work-in-hand';
import { WorkLoop } from './queue/work-loop';
import { ConnectorSettings } from './receive/connector-settings';
import { ReceiveConnectors } from './receive/receive-connectors';
import type { TransportSettings } from './settings';
import { SmtpClientPools } from './send/smtp-client-pools';
import { SmtpDelivery } from './send/smtp-delivery';
import { SubmissionService } from './submit/submission.service';

export class HubTransport {
  readonly logger: Logger;
  readonly admin: QueueAdminRepository;
  readonly submission: SubmissionService;
  private readonly queue: QueueRepository;
  private readonly writer: BatchWriter<NewMessage>;
  private readonly loops: Record<'categorize' | 'mailbox' | 'smtp', WorkLoop>;
  private readonly workers: DeliveryWorker[];
  private readonly categorizer: CategorizeWorker;
  private readonly receive: ReceiveConnectors;
  private readonly pools = new SmtpClientPools();
  private readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly inHand = new WorkInHand();
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly runtime: Runtime,
    settings: TransportSettings,
  ) {
    const { config, bus } = runtime;
    this.logger = runtime.logger.child({ role: 'hub-transport' });
    const dataSource = runtime.dataSources.get('hub-transport')!;
    this.queue = new QueueRepository(dataSource);
    this.admin = new QueueAdminRepository(dataSource);
    const deliveries = new DeliveryRepository(dataSource);
    const lookups = new DirectoryLookups(bus);
    const connectors = new ConnectorSettings();
    const fqdn = () => connectors.get('SMTP_PORT').fqdn ?? hostname();
    const metrics = new TransportMetrics(runtime.metrics.registry, () => this.admin.counts());
    const notifications = new Notifications(fqdn, async () => {
      const domains = await lookups.acceptedDomains().catch(() => []);
      return `postmaster@${domains.find((d) => d.isDefault)?.name ?? config.orgDomain}`;
    });
    const common = { owner: this.owner, inHand: this.inHand, logger: this.logger, settings };

    const worker = (executor: MailboxDelivery | SmtpDelivery, maxInFlight: number) =>
      new DeliveryWorker(executor, { ...common, deliveries, notifications, metrics, maxInFlight });
    const autoReplies = new AutoReplies(bus, lookups, fqdn, this.logger);
    const mailbox = worker(
      new MailboxDelivery(bus, autoReplies),
      TRANSPORT_LIMITS.mailboxConcurrency,
    );
    const smtp = worker(
      new SmtpDelivery(lookups, this.pools, dns, fqdn),
      TRANSPORT_LIMITS.smtpConcurrency,
    );
    this.workers = [mailbox, smtp];
    const categorizer = (this.categorizer = new CategorizeWorker({
      ...common,
      queue: this.queue,
      lookups,
      notifications,
      fqdn,
      direct: mailbox,
      wake: (route) => this.loops[route].wake(),
    }));
    const loop = (name: string, pass: () => Promise<boolean>) =>
      new WorkLoop(name, pass, TRANSPORT_LIMITS.pollMs, this.logger);
    this.loops = {
      categorize: loop('categorize', async () => {
        const { more, routes } = await categorizer.pass();
        for (const route of routes) this.loops[route].wake();
        return more;
      }),
      mailbox: loop('mailbox', () => mailbox.pass()),
      smtp: loop('smtp', () => smtp.pass()),
    };

    this.writer = new BatchWriter(
      async (messages) => {
        // Leased to this instance as they are written, they go to its categorizer from memory.
        const lease = categorizer.leaseFor(messages.length);
        await this.queue.insertMessages(messages, undefined, lease);
        if (lease) categorizer.hand(messages);
        this.loops.categorize.wake();
      },
      TRANSPORT_LIMITS.acceptBatch,
      TRANSPORT_LIMITS.acceptConcurrency,
    );
    const accept = (message: NewMessage) => this.writer.add(message);
    this.submission = new SubmissionService({
      lookups,
      settings: connectors,
      queue: this.queue,
      accept,
      accepted: () => this.loops.categorize.wake(),
      metrics,
    });
    const listener = (port: number) => ({
      port,
      host: config.bindAddress,
      certificate: runtime.certificate,
      // Half of the process's shutdown time for sessions to finish, a third for deliveries.
      shutdownTimeoutMs: Math.floor(config.shutdownTimeoutMs / 2),
    });
    this.receive = new ReceiveConnectors(
      connectors,
      lookups,
      (binding) => ({
        binding,
        settings: connectors,
        lookups,
        accept,
        logger: this.logger,
        metrics,
      }),
      { SMTP_PORT: listener(config.smtpPort), SUBMISSION_PORT: listener(config.submissionPort) },
      this.logger,
    );
  }

  /** New work may be due: look now rather than at the next poll. */
  wake(): void {
    this.loops.mailbox.wake();
    this.loops.smtp.wake();
    this.loops.categorize.wake();
  }

  async start(): Promise<void> {
    for (const loop of Object.values(this.loops)) loop.start();
    const every = (ms: number, work: () => Promise<void>) => {
      const timer = setInterval(
        () => void work().catch((error) => this.logger.warn({ err: error }, 'queue upkeep failed')),
        ms,
      );
      timer.unref();
      this.timers.push(timer);
    };
    every(TRANSPORT_LIMITS.leaseMs / 3, () =>
      this.queue.renewLeases(this.owner, TRANSPORT_LIMITS.leaseMs, this.inHand.held()),
    );
    every(60_000, () => this.queue.pruneSubmissions(TRANSPORT_LIMITS.submissionIdMs));
    await this.receive.start();
  }

  async stop(): Promise<void> {
    await this.receive.stop();
    await this.writer.drain();
    for (const worker of this.workers) worker.halt();
    await Promise.all(Object.values(this.loops).map((loop) => loop.stop()));
    const timeoutMs = Math.floor(this.runtime.config.shutdownTimeoutMs / 3);
    await Promise.all(this.workers.map((worker) => worker.drain(timeoutMs)));
    await this.categorizer.drain();
    this.timers.forEach(clearInterval);
    this.pools.close();
    await this.queue
      .releaseLeases(this.owner)
      .catch((error) =>
        this.logger.warn({ err: error }, 'leases not handed back; they lapse on their own'),
      );
  }
}
