/**
 * Builds search documents in the background, shortly after the commits that wrote items, so a
 * delivery's transaction does not pay for parsing the body into the full-text index. A search
 * indexes its own mailbox's waiting items first (SearchRepository.search), so this only keeps
 * that backlog short. Any number of mailbox-role instances may run one: each takes items the
 * others do not hold.
 */
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from '@mail/runtime';
import { MAILBOX_LIMITS } from '../limits';
import type { SearchRepository } from './persistence/search.repository';

export class SearchIndexer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  /** Written to since the running pass began. */
  private dirty = false;
  private stopped = false;

  constructor(
    private readonly repository: Pick<SearchRepository, 'index' | 'open'>,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly limits: Record<
      'searchIndexBatch' | 'searchIndexDelayMs' | 'searchIndexRetryMs',
      number
    > = MAILBOX_LIMITS,
  ) {}

  /** Items were written: index them soon. */
  written(): void {
    if (this.pass) this.dirty = true;
    else this.schedule(this.limits.searchIndexDelayMs);
  }

  /** Items queued before a crash or a restart are indexed without waiting for a write. */
  onApplicationBootstrap(): void {
    this.written();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  /** Resolves when nothing written so far waits for its document (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.pass || this.timer) await (this.pass ?? new Promise((r) => setTimeout(r, 5)));
  }

  private schedule(delayMs: number) {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pass = this.drain().finally(() => (this.pass = undefined));
    }, delayMs);
    this.timer.unref();
  }

  private async drain() {
    try {
      do {
        this.dirty = false;
        while (
          !this.stopped &&
          (await this.repository.index(null, this.limits.searchIndexBatch)) ===
            this.limits.searchIndexBatch
        );
      } while (this.dirty && !this.stopped);
    } catch (error) {
      // Its database closed (the role stopping, a test's end): nothing is left to index.
      if (!this.repository.open) {
        this.stopped = true;
        return;
      }
      this.logger.warn({ err: String(error) }, 'search indexing failed; retrying');
      this.schedule(this.limits.searchIndexRetryMs);
    }
  }
}
