/**
 * Slows down a device that repeats the same failing request in a tight loop (a known habit of
 * real clients when one item or key upsets them): the same request (command and body) failing
 * again within the window is answered as before, but after a delay that doubles with each
 * repeat past the free ones. Any success, or a different request, starts the device afresh.
 * Memory is bounded: the oldest devices are forgotten first.
 */
import { createHash } from 'node:crypto';
import { EAS_LIMITS } from './limits';

interface Repeats {
  fingerprint: string;
  failures: number;
  last: number;
}

export interface ThrottleLimits {
  windowMs: number;
  freeRepeats: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxTrackedDevices: number;
}

export class DeviceThrottle {
  private readonly devices = new Map<string, Repeats>();

  constructor(
    private readonly limits: ThrottleLimits = EAS_LIMITS.throttle,
    private readonly now: () => number = Date.now,
  ) {}

  /** A short digest of a request: what makes two requests "the same". */
  static fingerprint(command: string, body: Uint8Array): string {
    return createHash('sha1').update(command).update(body).digest('base64');
  }

  /** Whether the device failed lately (only then do its requests need a fingerprint). */
  tracks(device: string): boolean {
    return this.devices.has(device);
  }

  /** How long to hold this request before answering it (0: at once). */
  delayFor(device: string, fingerprint: string): number {
    const repeats = this.devices.get(device);
    if (!repeats || repeats.fingerprint !== fingerprint) return 0;
    if (this.now() - repeats.last > this.limits.windowMs) return 0;
    const over = repeats.failures - this.limits.freeRepeats;
    if (over < 0) return 0;
    return Math.min(this.limits.baseDelayMs * 2 ** Math.min(over, 20), this.limits.maxDelayMs);
  }

  record(device: string, fingerprint: string, failed: boolean): void {
    if (!failed) {
      this.devices.delete(device);
      return;
    }
    const repeats = this.devices.get(device);
    const now = this.now();
    const again =
      repeats && repeats.fingerprint === fingerprint && now - repeats.last <= this.limits.windowMs;
    this.devices.delete(device);
    if (this.devices.size >= this.limits.maxTrackedDevices)
      this.devices.delete(this.devices.keys().next().value!);
    this.devices.set(device, {
      fingerprint,
      failures: again ? repeats.failures + 1 : 1,
      last: now,
    });
  }
}
