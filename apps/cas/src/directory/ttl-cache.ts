/**
 * A bounded map whose entries expire: CAS's memory of directory and mailbox answers. Past
 * `maxEntries` the oldest entry goes first; an expired entry is dropped when next read.
 * Concurrent misses of one key share one load (single-flight.ts); a load that was running when
 * entries were dropped answers its callers but is not remembered, as it may predate the change.
 */
import { SingleFlight } from './single-flight';

export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();
  private readonly loads = new SingleFlight<K, unknown>();
  /** Counts the drops, so a load knows whether one happened while it ran. */
  private drops = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: K, value: V): V {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries)
      this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    return value;
  }

  /** The cached value, or the loader's (remembered) when absent or expired. */
  async through(key: K, load: () => Promise<V>): Promise<V> {
    const cached = this.get(key);
    return cached !== undefined ? cached : this.load(key, load, (value) => value);
  }

  /**
   * Runs `load` once for all concurrent callers of the key (without looking in the cache) and
   * remembers what `keep` picks from its result, if anything, unless entries were dropped
   * while it ran.
   */
  load<R>(key: K, load: () => Promise<R>, keep: (result: R) => V | undefined): Promise<R> {
    return this.loads.run(key, async () => {
      const drops = this.drops;
      const result = await load();
      const value = keep(result);
      if (value !== undefined && drops === this.drops) this.set(key, value);
      return result;
    }) as Promise<R>;
  }

  delete(key: K): void {
    this.dropped();
    this.entries.delete(key);
  }

  /** Drops every entry the predicate selects. */
  deleteWhere(select: (key: K, value: V) => boolean): void {
    this.dropped();
    for (const [key, entry] of this.entries) if (select(key, entry.value)) this.entries.delete(key);
  }

  clear(): void {
    this.dropped();
    this.entries.clear();
  }

  private dropped(): void {
    this.drops++;
    this.loads.forgetAll();
  }

  get size(): number {
    return this.entries.size;
  }
}
