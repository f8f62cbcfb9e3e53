import { Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth/principal.js';
import { notFound } from '../../../common/errors/app-error.js';
import { DevicesRepository } from './devices.repository.js';
import { toDeviceDto, type DeviceDto, type DeviceListDto } from './dto/device.outputs.js';
import type { RegisterDeviceInput } from './dto/device.inputs.js';

/** The caller's own push devices: every query is scoped to the signed-in user, so another user's device is 404. */
@Injectable()
export class DevicesService {
  constructor(private readonly devices: DevicesRepository) {}

  async register(principal: Principal, input: RegisterDeviceInput): Promise<DeviceDto> {
    return toDeviceDto(await this.devices.register(principal.userId, input.platform, input.token));
  }

  async list(principal: Principal): Promise<DeviceListDto> {
    return { items: (await this.devices.listForUser(principal.userId)).map(toDeviceDto) };
  }

  async remove(principal: Principal, id: string): Promise<void> {
    if (!(await this.devices.deleteForUser(principal.userId, id))) throw notFound('device');
  }
}
