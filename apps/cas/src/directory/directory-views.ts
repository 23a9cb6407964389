/**
 * What CAS asks the directory on a device request, remembered briefly so a device's every
 * request does not cost bus round trips and database work: the ActiveSync virtual directory,
 * who a user name names, a device's access state and pending wipe, a user's policy. The
 * directory announces changes (directory-events.controller.ts) and each one drops what it
 * concerns, so an administrator's block, wipe or policy change reaches the device on its next
 * request; the time limits only bound what a lost event could cost.
 */
import type { z } from 'zod';
import {
  CredentialIdentify,
  DeviceReport,
  type DeviceReportRequest,
  PolicyEffective,
  VirtualDirectoryGet,
  type ActiveSyncVirtualDirectory,
  type CredentialIdentifyReply,
  type DeviceReportReply,
  type EffectivePolicy,
} from '@mail/contracts';
import type { BusClient } from '@mail/runtime';
import { EAS_LIMITS } from '../eas/limits';
import { TtlCache } from './ttl-cache';

export type DeviceReportInput = z.input<typeof DeviceReportRequest>;

interface ReportedDevice {
  reply: DeviceReportReply;
  deviceType: string;
  userAgent?: string;
}

const { cache } = EAS_LIMITS;

export class DirectoryViews {
  private readonly vdirs: TtlCache<'vdir', ActiveSyncVirtualDirectory>;
  private readonly identities: TtlCache<string, CredentialIdentifyReply>;
  private readonly devices: TtlCache<string, ReportedDevice>;
  private readonly policies: TtlCache<string, EffectivePolicy>;

  constructor(
    private readonly bus: BusClient,
    now: () => number = Date.now,
  ) {
    this.vdirs = new TtlCache(cache.vdirMs, 1, now);
    this.identities = new TtlCache(cache.identityMs, cache.maxEntries, now);
    this.devices = new TtlCache(cache.deviceMs, cache.maxEntries, now);
    this.policies = new TtlCache(cache.policyMs, cache.maxEntries, now);
  }

  vdir(): Promise<ActiveSyncVirtualDirectory> {
    return this.vdirs.through('vdir', () => this.bus.request(VirtualDirectoryGet, {}));
  }

  /** Who a user name (any sign-in form) names; not found for unknown or disabled users. */
  identify(userName: string): Promise<CredentialIdentifyReply> {
    const key = userName.trim().toLowerCase();
    return this.identities.through(key, () => this.bus.request(CredentialIdentify, { userName }));
  }

  /**
   * Reports a device request to the directory and returns its access state. A request that
   * says nothing new (same type and user agent, no device information or policy) within the
   * cache time is answered from memory; `force` always reports.
   */
  async reportDevice(report: DeviceReportInput, force = false): Promise<DeviceReportReply> {
    const key = `${report.user}\n${report.deviceId}`;
    const known = this.devices.get(key);
    const nothingNew =
      known &&
      known.deviceType === report.deviceType &&
      known.userAgent === report.userAgent &&
      Object.keys(report).every((field) =>
        ['user', 'deviceId', 'deviceType', 'userAgent'].includes(field),
      );
    if (nothingNew && !force) return known.reply;
    const reply = await this.bus.request(DeviceReport, report);
    this.devices.set(key, { reply, deviceType: report.deviceType, userAgent: report.userAgent });
    return reply;
  }

  /** Updates the remembered state of a device after CAS itself changed it (a wipe step). */
  rememberDevice(user: string, deviceId: string, change: Partial<DeviceReportReply>): void {
    const key = `${user}\n${deviceId}`;
    const known = this.devices.get(key);
    if (known) this.devices.set(key, { ...known, reply: { ...known.reply, ...change } });
  }

  effectivePolicy(userPrincipalName: string): Promise<EffectivePolicy> {
    return this.policies.through(userPrincipalName, () =>
      this.bus.request(PolicyEffective, { address: userPrincipalName }),
    );
  }

  /** A device changed (or, without an id, the rules every device is judged by). */
  forgetDevice(deviceId?: string): void {
    if (deviceId === undefined) this.devices.clear();
    else this.devices.deleteWhere((key) => key.endsWith(`\n${deviceId}`));
  }

  forgetPolicies(): void {
    this.policies.clear();
  }

  forgetVirtualDirectory(): void {
    this.vdirs.clear();
  }

  /** A user's sign-in or addresses changed. */
  forgetUser(userPrincipalName: string): void {
    const upn = userPrincipalName.toLowerCase();
    this.identities.deleteWhere(
      (_key, identity) => identity.found && identity.userPrincipalName === upn,
    );
    this.policies.delete(upn);
  }
}
