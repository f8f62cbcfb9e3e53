import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DoctorIdParam } from '../../../common/access/doctor-id.param.js';
import { Public } from '../../../common/auth/policy.js';
import { Operation } from '../../../common/openapi/operation.js';
import { ValidQuery } from '../../../common/validation/zod-validation.js';
import type { Principal } from '../../../common/auth/principal.js';
import { Viewer } from '../../../common/auth/viewer.js';
import { slotsQuerySchema, type SlotsQuery } from './dto/slots.inputs.js';
import { slotsResponseSchema, type SlotsResponseDto } from './dto/slots.outputs.js';
import { SlotsService } from './slots.service.js';

/** `/doctors/:id/slots`: a verified doctor's bookable slots for one of their active types. */
@ApiTags('scheduling')
@Controller('api/v1/doctors/:id/slots')
export class SlotsController {
  constructor(private readonly slots: SlotsService) {}

  @Get()
  @Public()
  @Operation({
    id: 'getDoctorSlots',
    summary: "A doctor's bookable slots",
    description:
      'The starts a patient may book for one active appointment type, between two dates (inclusive, at most 62 days apart) in `timezone` (default: the doctor’s). Past starts, the notice period, time off and booked appointments are left out. A signed-in patient asking for a type meant only for new (or only for returning) patients of the doctor, who is not one, gets 422 `APPOINTMENT_TYPE_NOT_FOR_PATIENT`.',
    ok: { description: 'Bookable slots of a verified doctor for an active type', schema: slotsResponseSchema },
    errors: ['APPOINTMENT_TYPE_NOT_FOR_PATIENT'],
  })
  slotsOf(@DoctorIdParam() id: string, @ValidQuery(slotsQuerySchema) query: SlotsQuery, @Viewer() viewer: Principal | undefined): Promise<SlotsResponseDto> {
    return this.slots.slots(id, query, viewer);
  }
}
