import { Controller, Delete, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SignedIn } from '../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../common/auth/principal.js';
import { Operation } from '../../../common/openapi/operation.js';
import { uuidParam } from '../../../common/validation/uuid.js';
import { ValidBody, ValidParam } from '../../../common/validation/zod-validation.js';
import { DevicesService } from './devices.service.js';
import { registerDeviceSchema, type RegisterDeviceInput } from './dto/device.inputs.js';
import { deviceListSchema, deviceSchema, type DeviceDto, type DeviceListDto } from './dto/device.outputs.js';

@ApiTags('notifications')
@Controller('api/v1/me/devices')
@SignedIn()
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Post()
  @Operation({
    id: 'registerDevice',
    summary: 'Register this device for push notifications',
    description:
      'Idempotent per token: a token belongs to one user, so registering it again (after a reinstall, or on another account) moves it and answers the same device. Signing out of all sessions keeps devices; deleting the account removes them. At most 20 per user: the least recently registered goes first.',
    ok: { status: 201, description: 'The device, registered to the caller', schema: deviceSchema },
  })
  register(@CurrentUser() principal: Principal, @ValidBody(registerDeviceSchema) body: RegisterDeviceInput): Promise<DeviceDto> {
    return this.devices.register(principal, body);
  }

  @Get()
  @Operation({
    id: 'listDevices',
    summary: 'List the devices that receive your push notifications',
    description: 'Only the last characters of each token are shown.',
    ok: { description: 'The caller’s devices, oldest first', schema: deviceListSchema },
  })
  list(@CurrentUser() principal: Principal): Promise<DeviceListDto> {
    return this.devices.list(principal);
  }

  @Delete(':id')
  @Operation({
    id: 'deleteDevice',
    summary: 'Stop push notifications to a device',
    description: 'Another user’s device is 404, like one that does not exist. Call it when the user signs out on the device.',
    ok: { description: 'The device is removed' },
  })
  remove(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string): Promise<void> {
    return this.devices.remove(principal, id);
  }
}
