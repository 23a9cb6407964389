/**
 * The rules for devices, whoever asks (CAS on each device request, the admin API): a device
 * belongs to a mailbox user; its recovery password leaves the directory only when an
 * administrator asks for it. Errors are BusErrors the edge maps to its protocol.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  DeviceChanged,
  type DeviceAccessCharacteristic,
  type DeviceAccessLevel,
  type DeviceAccessRule,
  type DeviceReportReply,
  type MobileDevice,
} from '@mail/contracts';
import { BusError, RUNTIME, type Runtime } from '@mail/runtime';
import { DirectoryConflictError } from '../persistence/directory.repository';
import { RecipientRepository } from '../persistence/recipient.repository';
import { DeviceAccessRuleRepository } from './persistence/device-access-rule.repository';
import {
  DeviceRepository,
  type DeviceInformation,
  type DeviceRow,
} from './persistence/device.repository';

function view(row: DeviceRow, showRecoveryPassword: boolean): MobileDevice {
  const { id: _id, recoveryPassword, ...device } = row;
  return showRecoveryPassword ? { ...device, recoveryPassword } : device;
}

@Injectable()
export class DevicesService {
  constructor(
    private readonly recipients: RecipientRepository,
    private readonly devices: DeviceRepository,
    private readonly rules: DeviceAccessRuleRepository,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  /** Tells every CAS to forget what it cached of a device (or of every device). */
  private async changed(device?: DeviceRow): Promise<void> {
    await this.runtime.bus.emit(
      DeviceChanged,
      device ? { user: device.user, deviceId: device.deviceId } : {},
    );
  }

  async report(
    user: string,
    deviceId: string,
    info: DeviceInformation,
  ): Promise<DeviceReportReply> {
    const row = await this.devices.report(await this.userId(user), deviceId, info);
    const wipe =
      row.deviceWipeRequestTime === null || row.deviceWipeAckTime !== null
        ? 'none'
        : row.accountOnlyWipe
          ? 'account-only'
          : 'full';
    return {
      accessState: row.deviceAccessState,
      accessStateReason: row.deviceAccessStateReason,
      wipe,
      policyKey: row.policyKey,
    };
  }

  async markWipe(user: string, deviceId: string, step: 'sent' | 'ack') {
    const userId = await this.userId(user);
    if (!(await this.devices.markWipe(userId, deviceId, step))) {
      await this.device(userId, user, deviceId);
      throw new BusError('conflict', `no wipe was requested for device ${deviceId} of ${user}`);
    }
    return { user, deviceId };
  }

  async setRecoveryPassword(user: string, deviceId: string, password: string) {
    const userId = await this.userId(user);
    if (!(await this.devices.setRecoveryPassword(userId, deviceId, password)))
      await this.device(userId, user, deviceId);
    return { user, deviceId };
  }

  async list(mailbox: string | undefined, showRecoveryPassword: boolean) {
    const userId = mailbox === undefined ? undefined : await this.userId(mailbox);
    const rows = await this.devices.list(userId);
    return { devices: rows.map((row) => view(row, showRecoveryPassword)) };
  }

  async show(mailbox: string, deviceId: string, showRecoveryPassword: boolean) {
    return view(
      await this.device(await this.userId(mailbox), mailbox, deviceId),
      showRecoveryPassword,
    );
  }

  async setIndividualAccess(mailbox: string, deviceId: string, level: DeviceAccessLevel) {
    const userId = await this.userId(mailbox);
    const row =
      (await this.devices.setIndividualAccess(userId, deviceId, level)) ??
      (await this.device(userId, mailbox, deviceId));
    await this.changed(row);
    return view(row, false);
  }

  async wipe(mailbox: string, deviceId: string, accountOnly: boolean) {
    const userId = await this.userId(mailbox);
    await this.devices.requestWipe(userId, deviceId, accountOnly);
    const row = await this.device(userId, mailbox, deviceId);
    await this.changed(row);
    return view(row, false);
  }

  async remove(mailbox: string, deviceId: string) {
    const userId = await this.userId(mailbox);
    const row = await this.device(userId, mailbox, deviceId);
    await this.devices.remove(userId, deviceId);
    await this.changed(row);
    return { user: mailbox, deviceId };
  }

  async addRule(rule: DeviceAccessRule): Promise<DeviceAccessRule> {
    try {
      const added = await this.rules.add(rule);
      await this.changed();
      return added;
    } catch (error) {
      if (error instanceof DirectoryConflictError) throw new BusError('conflict', error.message);
      throw error;
    }
  }

  async listRules() {
    return { rules: await this.rules.list() };
  }

  async removeRule(characteristic: DeviceAccessCharacteristic, queryString: string) {
    const removed = await this.rules.remove(characteristic, queryString);
    if (!removed)
      throw new BusError(
        'not-found',
        `no device access rule for ${characteristic} "${queryString}"`,
      );
    await this.changed();
    return { removed };
  }

  async defaultAccess() {
    return { defaultAccessLevel: await this.rules.defaultAccessLevel() };
  }

  async setDefaultAccess(level: DeviceAccessLevel) {
    await this.rules.setDefaultAccessLevel(level);
    await this.changed();
    return this.defaultAccess();
  }

  /** Only the id, in one statement: every device report of CAS asks it. */
  private async userId(address: string): Promise<string> {
    const owner = await this.recipients.resolve(address);
    if (owner?.kind !== 'mailbox')
      throw new BusError('not-found', `no mailbox has the address ${address}`);
    return owner.id;
  }

  private async device(userId: string, address: string, deviceId: string): Promise<DeviceRow> {
    const row = await this.devices.find(userId, deviceId);
    if (!row) throw new BusError('not-found', `${address} has no device with the id ${deviceId}`);
    return row;
  }
}
