/**
 * Group commit: items handed in while earlier writes are in flight are written together, so
 * under load many messages share one commit (and one wait for the disk), while a lone item is
 * written at once. Each caller's promise settles with its own batch.
 */
interface Waiting<T> {
  item: T;
  resolve(): void;
  reject(error: unknown): void;
}

export class BatchWriter<T> {
  private waiting: Array<Waiting<T>> = [];
  private inFlight = 0;
  private idle: Array<() => void> = [];

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly maxBatch: number,
    private readonly concurrency: number,
  ) {}

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.flush();
    });
  }

  /** Resolves once everything handed in so far is written (or failed). */
  drain(): Promise<void> {
    if (this.inFlight === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private flush(): void {
    while (this.inFlight < this.concurrency && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.inFlight++;
      this.write(batch.map((w) => w.item))
        .then(
          () => batch.forEach((w) => w.resolve()),
          (error: unknown) => batch.forEach((w) => w.reject(error)),
        )
        .finally(() => {
          this.inFlight--;
          this.flush();
          if (this.inFlight === 0 && this.waiting.length === 0)
            this.idle.splice(0).forEach((wake) => wake());
        });
    }
  }
}
