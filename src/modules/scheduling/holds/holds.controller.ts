import { Controller, Delete, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../common/auth/principal.js';
import { Operation } from '../../../common/openapi/operation.js';
import { uuidParam } from '../../../common/validation/uuid.js';
import { ValidBody, ValidParam } from '../../../common/validation/zod-validation.js';
import { createHoldSchema, type CreateHoldInput } from './dto/hold.inputs.js';
import { holdSchema, type HoldDto } from './dto/hold.outputs.js';
import { HoldsService } from './holds.service.js';

@ApiTags('scheduling')
@Roles('patient')
@Controller('api/v1/appointments/holds')
export class HoldsController {
  constructor(private readonly holds: HoldsService) {}

  @Post()
  @Operation({
    id: 'holdSlot',
    summary: 'Hold an offered slot for a few minutes',
    description:
      'While the hold lives (`HOLD_MINUTES`), the slot is offered to nobody else and only the holder can book it (`bookAppointment` with `holdId`); others get 409 `SLOT_TAKEN`. A new hold replaces the caller’s previous one. An expired hold blocks nobody.',
    ok: { status: 201, description: 'Held until `expiresAt`', schema: holdSchema },
    errors: ['NOT_FOUND', 'SLOT_TAKEN', 'SLOT_NOT_AVAILABLE', 'SERVICE_UNAVAILABLE'],
  })
  hold(@CurrentUser() principal: Principal, @ValidBody(createHoldSchema) body: CreateHoldInput): Promise<HoldDto> {
    return this.holds.hold(principal, body);
  }

  @Delete(':id')
  @Operation({
    id: 'releaseHold',
    summary: 'Release a hold',
    description: 'The slot is offered again at once. Another patient’s hold, or one never made, is 404.',
    ok: { description: 'Released' },
  })
  release(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string): Promise<void> {
    return this.holds.release(principal, id);
  }
}
