/** Counts handlers still running so a closing server can let them finish (graceful shutdown). */
export class InFlight {
  private running = 0;
  private waiters: Array<() => void> = [];

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      if (this.running === 0) this.waiters.splice(0).forEach((wake) => wake());
    }
  }

  /** Resolves when nothing runs, or after `timeoutMs` whichever comes first. */
  idle(timeoutMs: number): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
