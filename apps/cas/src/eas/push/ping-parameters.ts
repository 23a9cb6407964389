/**
 * What a device's last Ping asked for (MS-ASCMD 3.1.5.8: the server caches HeartbeatInterval
 * and Folders, and a Ping that leaves either out, or has no body, uses the cached value), per
 * user and device. CAS keeps nothing durable: after a restart, or on another CAS instance, an
 * empty Ping gets Status 3 and the device sends its parameters again, as the spec provides.
 */
import { TtlCache } from '../../directory/ttl-cache';
import { EAS_LIMITS } from '../limits';

export interface PingFolder {
  readonly id: string;
  readonly class: string;
}

export interface PingParameters {
  /** Seconds. */
  readonly heartbeatInterval?: number;
  readonly folders?: readonly PingFolder[];
}

const { ping } = EAS_LIMITS;

export class PingParameterStore {
  private readonly remembered: TtlCache<string, PingParameters>;

  constructor(now: () => number = Date.now) {
    this.remembered = new TtlCache(ping.rememberMs, ping.maxRememberedDevices, now);
  }

  get(user: string, deviceId: string): PingParameters | undefined {
    return this.remembered.get(key(user, deviceId));
  }

  remember(user: string, deviceId: string, parameters: PingParameters): void {
    this.remembered.set(key(user, deviceId), parameters);
  }
}

const key = (user: string, deviceId: string) => `${user}\n${deviceId}`;
