import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  DeviceAdminRef,
  DeviceAllow,
  DeviceBlock,
  DeviceList,
  DeviceListRequest,
  DeviceQuarantine,
  DeviceRecoveryPasswordRequest,
  DeviceRecoveryPasswordSet,
  DeviceRef,
  DeviceRemove,
  DeviceReport,
  DeviceReportRequest,
  DeviceShow,
  DeviceShowRequest,
  DeviceWipe,
  DeviceWipeAcknowledged,
  DeviceWipeRequest,
  DeviceWipeSent,
} from '@mail/contracts';
import { parsePayload } from '@mail/runtime';
import { DevicesService } from './devices.service';

/** The directory's device requests on the bus: from CAS (device requests) and the admin API. */
@Controller()
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @MessagePattern(DeviceReport.subject)
  report(payload: unknown) {
    const { user, deviceId, ...info } = parsePayload(DeviceReportRequest, payload);
    return this.devices.report(user, deviceId, info);
  }

  @MessagePattern(DeviceWipeSent.subject)
  wipeSent(payload: unknown) {
    const { user, deviceId } = parsePayload(DeviceRef, payload);
    return this.devices.markWipe(user, deviceId, 'sent');
  }

  @MessagePattern(DeviceWipeAcknowledged.subject)
  wipeAcknowledged(payload: unknown) {
    const { user, deviceId } = parsePayload(DeviceRef, payload);
    return this.devices.markWipe(user, deviceId, 'ack');
  }

  @MessagePattern(DeviceRecoveryPasswordSet.subject)
  setRecoveryPassword(payload: unknown) {
    const { user, deviceId, password } = parsePayload(DeviceRecoveryPasswordRequest, payload);
    return this.devices.setRecoveryPassword(user, deviceId, password);
  }

  @MessagePattern(DeviceList.subject)
  list(payload: unknown) {
    const { mailbox, showRecoveryPassword } = parsePayload(DeviceListRequest, payload);
    return this.devices.list(mailbox, showRecoveryPassword);
  }

  @MessagePattern(DeviceShow.subject)
  show(payload: unknown) {
    const { mailbox, deviceId, showRecoveryPassword } = parsePayload(DeviceShowRequest, payload);
    return this.devices.show(mailbox, deviceId, showRecoveryPassword);
  }

  @MessagePattern(DeviceAllow.subject)
  allow(payload: unknown) {
    const { mailbox, deviceId } = parsePayload(DeviceAdminRef, payload);
    return this.devices.setIndividualAccess(mailbox, deviceId, 'Allow');
  }

  @MessagePattern(DeviceBlock.subject)
  block(payload: unknown) {
    const { mailbox, deviceId } = parsePayload(DeviceAdminRef, payload);
    return this.devices.setIndividualAccess(mailbox, deviceId, 'Block');
  }

  @MessagePattern(DeviceQuarantine.subject)
  quarantine(payload: unknown) {
    const { mailbox, deviceId } = parsePayload(DeviceAdminRef, payload);
    return this.devices.setIndividualAccess(mailbox, deviceId, 'Quarantine');
  }

  @MessagePattern(DeviceWipe.subject)
  wipe(payload: unknown) {
    const { mailbox, deviceId, accountOnly } = parsePayload(DeviceWipeRequest, payload);
    return this.devices.wipe(mailbox, deviceId, accountOnly);
  }

  @MessagePattern(DeviceRemove.subject)
  remove(payload: unknown) {
    const { mailbox, deviceId } = parsePayload(DeviceAdminRef, payload);
    return this.devices.remove(mailbox, deviceId);
  }
}
