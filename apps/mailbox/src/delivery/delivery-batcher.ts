/**
 * Gathers deliveries that arrive while earlier ones are being written and writes them together
 * (group commit): one transaction, one WAL flush and a few multi-row statements for many
 * messages. A delivery that finds nothing in flight is written at once, alone, so a quiet
 * mailbox role adds no wait. Two deliveries with one key never share a batch; a batch that fails
 * (a mailbox over quota, a deadlock with a racing retry) is written again one delivery at a
 * time, so each gets its own answer.
 */
export interface Batching<Entry, Result> {
  /** Writes entries with distinct keys in one transaction; results in the entries' order. */
  writeBatch(entries: Entry[]): Promise<Result[]>;
  /** Writes one entry on its own (the fallback). */
  writeOne(entry: Entry): Promise<Result>;
  keyOf(entry: Entry): string;
}

interface Waiting<Entry, Result> {
  entry: Entry;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

export class DeliveryBatcher<Entry, Result> {
  private readonly waiting: Array<Waiting<Entry, Result>> = [];
  private running = 0;

  constructor(
    private readonly batching: Batching<Entry, Result>,
    private readonly maxBatch: number,
    private readonly maxInFlight: number,
  ) {}

  submit(entry: Entry): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ entry, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.running < this.maxInFlight && this.waiting.length > 0) {
      const batch = this.take();
      this.running++;
      void this.write(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  /** Up to maxBatch waiting entries with distinct keys, oldest first. */
  private take(): Array<Waiting<Entry, Result>> {
    const keys = new Set<string>();
    const batch: Array<Waiting<Entry, Result>> = [];
    for (let i = 0; i < this.waiting.length && batch.length < this.maxBatch;) {
      const key = this.batching.keyOf(this.waiting[i].entry);
      if (keys.has(key)) {
        i++;
        continue;
      }
      keys.add(key);
      batch.push(...this.waiting.splice(i, 1));
    }
    return batch;
  }

  private async write(batch: Array<Waiting<Entry, Result>>) {
    if (batch.length > 1) {
      try {
        const results = await this.batching.writeBatch(batch.map((w) => w.entry));
        batch.forEach((w, i) => w.resolve(results[i]));
        return;
      } catch {
        // Falls back to one transaction each, below.
      }
    }
    await Promise.all(batch.map((w) => this.batching.writeOne(w.entry).then(w.resolve, w.reject)));
  }
}
