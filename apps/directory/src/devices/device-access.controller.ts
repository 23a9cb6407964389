import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  DeviceAccessDefaultSet,
  DeviceAccessDefaultSetRequest,
  DeviceAccessDefaultShow,
  DeviceAccessRuleAdd,
  DeviceAccessRuleAddRequest,
  DeviceAccessRuleList,
  DeviceAccessRuleRemove,
  DeviceAccessRuleRemoveRequest,
} from '@mail/contracts';
import { parsePayload } from '@mail/runtime';
import { DevicesService } from './devices.service';

/** Device access rules and the organization's default access level on the bus. */
@Controller()
export class DeviceAccessController {
  constructor(private readonly devices: DevicesService) {}

  @MessagePattern(DeviceAccessRuleAdd.subject)
  addRule(payload: unknown) {
    return this.devices.addRule(parsePayload(DeviceAccessRuleAddRequest, payload));
  }

  @MessagePattern(DeviceAccessRuleList.subject)
  listRules() {
    return this.devices.listRules();
  }

  @MessagePattern(DeviceAccessRuleRemove.subject)
  removeRule(payload: unknown) {
    const { characteristic, queryString } = parsePayload(DeviceAccessRuleRemoveRequest, payload);
    return this.devices.removeRule(characteristic, queryString);
  }

  @MessagePattern(DeviceAccessDefaultShow.subject)
  showDefault() {
    return this.devices.defaultAccess();
  }

  @MessagePattern(DeviceAccessDefaultSet.subject)
  setDefault(payload: unknown) {
    const { defaultAccessLevel } = parsePayload(DeviceAccessDefaultSetRequest, payload);
    return this.devices.setDefaultAccess(defaultAccessLevel);
  }
}
