import { Controller, Delete, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { OwnDoctorResource } from '../../../common/access/own-doctor-resource.js';
import { CurrentUser, type Principal } from '../../../common/auth/principal.js';
import { Operation } from '../../../common/openapi/operation.js';
import { uuidParam } from '../../../common/validation/uuid.js';
import { ValidBody, ValidParam } from '../../../common/validation/zod-validation.js';
import { timeOffInputSchema, type TimeOffInput } from './dto/time-off.inputs.js';
import { createdTimeOffSchema, timeOffListSchema, type CreatedTimeOffDto, type TimeOffDto } from './dto/time-off.outputs.js';
import { TimeOffService } from './time-off.service.js';

/** `/doctors/me/time-off`: the signed-in doctor's time off. */
@ApiTags('scheduling')
@Controller('api/v1/doctors/me/time-off')
@OwnDoctorResource()
export class TimeOffController {
  constructor(private readonly service: TimeOffService) {}

  @Post()
  @Operation({
    id: 'addTimeOff',
    summary: 'Add time off',
    description:
      'No slots are offered in it. Confirmed appointments it overlaps are listed in the answer, not cancelled. At most 731 days long; at most 200 entries that have not ended or ended in the last 90 days (400 beyond).',
    ok: { status: 201, description: 'Time off added; confirmed appointments it overlaps are listed, not cancelled', schema: createdTimeOffSchema },
  })
  add(@CurrentUser() principal: Principal, @ValidBody(timeOffInputSchema) body: TimeOffInput): Promise<CreatedTimeOffDto> {
    return this.service.add(principal, body);
  }

  @Get()
  @Operation({
    id: 'listMyTimeOff',
    summary: "The signed-in doctor's time off",
    description: 'By start: every entry that has not ended or ended in the last 90 days (at most 200); older ones are no longer listed.',
    ok: { description: "The caller's current and recent time off, by start", schema: timeOffListSchema },
  })
  list(@CurrentUser() principal: Principal): Promise<TimeOffDto[]> {
    return this.service.list(principal);
  }

  @Delete(':id')
  @Operation({
    id: 'deleteTimeOff',
    summary: 'Remove time off',
    description: 'Its slots are offered again.',
    ok: { description: 'Time off removed' },
  })
  remove(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string): Promise<void> {
    return this.service.remove(principal, id);
  }
}
