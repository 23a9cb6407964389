/**
 * Runs a worker's passes: again at once while a pass says more may be waiting (it took all it
 * could), otherwise after the poll interval or as soon as it is woken (new work here, even
 * during a pass). A pass that took less than it could ends the round: asking again at once
 * would only find nothing, a statement for every batch. A failing pass (the database away) is
 * logged and tried again after the interval.
 */
import type { Logger } from '@mail/runtime';

export class WorkLoop {
  private running = false;
  private woken = false;
  private wakeUp?: () => void;
  private current?: Promise<void>;

  constructor(
    private readonly name: string,
    private readonly pass: () => Promise<boolean>,
    private readonly pollMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.running = true;
    this.current = this.run();
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Resolves once the pass in progress (if any) is over. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.current;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      let busy = false;
      try {
        busy = await this.pass();
      } catch (error) {
        this.logger.warn({ err: error, worker: this.name }, 'queue worker pass failed');
      }
      if (!this.running || busy || this.woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }
}
