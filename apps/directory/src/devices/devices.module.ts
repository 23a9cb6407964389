import { Module } from '@nestjs/common';
import { DirectoryCoreModule, directoryRepository } from '../directory-core.module';
import { DeviceAccessController } from './device-access.controller';
import { DevicesController } from './devices.controller';
import { DevicesService } from './devices.service';
import { DeviceAccessRuleRepository } from './persistence/device-access-rule.repository';
import { DeviceRepository } from './persistence/device.repository';

/** Mobile devices under their users, device access rules, the default access level. */
@Module({
  imports: [DirectoryCoreModule],
  controllers: [DevicesController, DeviceAccessController],
  providers: [
    directoryRepository(DeviceRepository),
    directoryRepository(DeviceAccessRuleRepository),
    DevicesService,
  ],
})
export class DevicesModule {}
