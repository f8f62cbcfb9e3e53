import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DoctorIdParam } from '../../../common/access/doctor-id.param.js';
import { Public } from '../../../common/auth/policy.js';
import type { Principal } from '../../../common/auth/principal.js';
import { Viewer } from '../../../common/auth/viewer.js';
import { toOpenApiSchema, ValidQuery } from '../../../common/validation/zod-validation.js';
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
  @ApiOkResponse({ description: 'Bookable slots of a verified doctor for an active type', schema: toOpenApiSchema(slotsResponseSchema, 'output') })
  slotsOf(@DoctorIdParam() id: string, @ValidQuery(slotsQuerySchema) query: SlotsQuery, @Viewer() viewer: Principal | undefined): Promise<SlotsResponseDto> {
    return this.slots.slots(id, query, viewer);
  }
}
