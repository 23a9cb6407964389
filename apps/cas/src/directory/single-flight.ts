/**
 * One load per key at a time: whoever asks for a key while its load runs shares that load's
 * outcome. Without it, an entry expiring under load sends every request in flight to the
 * directory at once; for Basic credentials that is an argon2 verification each (about 0.4 s
 * of CPU), and a few dozen devices of one user re-signing in together saturated the machine.
 */
export class SingleFlight<K, V> {
  private readonly running = new Map<K, Promise<V>>();

  run(key: K, load: () => Promise<V>): Promise<V> {
    const running = this.running.get(key);
    if (running) return running;
    const started: Promise<V> = new Promise<V>((resolve) => resolve(load())).finally(() => {
      if (this.running.get(key) === started) this.running.delete(key);
    });
    this.running.set(key, started);
    return started;
  }

  /** Callers from now on start a new load; the running ones still answer their own callers. */
  forgetAll(): void {
    this.running.clear();
  }
}
