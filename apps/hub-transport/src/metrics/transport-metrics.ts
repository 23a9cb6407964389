/**
 * Hub transport's Prometheus metrics, in the process's registry (GET /metrics on CAS when the
 * process hosts both): messages received per receive connector, refusals by reason, delivery
 * outcomes per connector (`mailbox` for local delivery), the time from end of DATA to 250,
 * and the queue by state, counted when scraped.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type DeliveryOutcome = 'delivered' | 'deferred' | 'failed';

export interface QueueCounts {
  messages: Record<string, number>;
  deliveries: Record<string, number>;
}

export class TransportMetrics {
  private readonly receivedTotal: Counter<'connector'>;
  private readonly refusals: Counter<'connector' | 'reason'>;
  private readonly deliveries: Counter<'connector' | 'outcome'>;
  private readonly acceptDuration: Histogram<'connector'>;

  constructor(registry: Registry, counts: () => Promise<QueueCounts>) {
    const registers = [registry];
    this.receivedTotal = new Counter({
      name: 'transport_messages_received_total',
      help: 'Messages accepted into the queue, by receive connector (or submit, dsn)',
      labelNames: ['connector'],
      registers,
    });
    this.refusals = new Counter({
      name: 'transport_smtp_refusals_total',
      help: 'Connections and recipients refused by the receive connectors, by reason',
      labelNames: ['connector', 'reason'],
      registers,
    });
    this.deliveries = new Counter({
      name: 'transport_deliveries_total',
      help: 'Delivery attempts by outcome, per send connector (mailbox: local delivery)',
      labelNames: ['connector', 'outcome'],
      registers,
    });
    this.acceptDuration = new Histogram({
      name: 'transport_accept_duration_seconds',
      help: 'From the end of DATA to the 250 reply (the message is durable by then)',
      labelNames: ['connector'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers,
    });
    let pending: Promise<QueueCounts> | undefined;
    // Both gauges read one query per scrape.
    const read = () => (pending ??= counts().finally(() => (pending = undefined)));
    new Gauge({
      name: 'transport_queue_messages',
      help: 'Messages in the queue by state (new, active, ready, retry)',
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset();
        for (const [state, n] of Object.entries((await read()).messages)) this.set({ state }, n);
      },
    });
    new Gauge({
      name: 'transport_queue_deliveries',
      help: 'Deliveries waiting, by route and state (ready: due now, retry: deferred)',
      labelNames: ['route', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const [key, n] of Object.entries((await read()).deliveries)) {
          const [route, state] = key.split(':');
          this.set({ route, state }, n);
        }
      },
    });
  }

  received(connector: string, seconds?: number): void {
    this.receivedTotal.inc({ connector });
    if (seconds !== undefined) this.acceptDuration.observe({ connector }, seconds);
  }

  refused(connector: string, reason: string): void {
    this.refusals.inc({ connector, reason });
  }

  delivery(connector: string, outcome: DeliveryOutcome, n = 1): void {
    this.deliveries.inc({ connector, outcome }, n);
  }
}
