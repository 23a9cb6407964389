/**
 * A bounded map whose entries expire: CAS's memory of directory and mailbox answers. Past
 * `maxEntries` the oldest entry goes first; an expired entry is dropped when next read.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();

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
    return cached !== undefined ? cached : this.set(key, await load());
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** Drops every entry the predicate selects. */
  deleteWhere(select: (key: K, value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (select(key, entry.value)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
