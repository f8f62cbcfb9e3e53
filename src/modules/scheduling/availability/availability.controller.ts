import { Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../common/auth/principal.js';
import { toOpenApiSchema, ValidBody } from '../../../common/validation/zod-validation.js';
import { AvailabilityService } from './availability.service.js';
import { availabilityInputSchema, type AvailabilityInput } from './dto/availability.inputs.js';
import { availabilitySchema, type AvailabilityDto } from './dto/availability.outputs.js';
import { DoctorIdParam } from '../../../common/access/doctor-id.param.js';

const availability = { schema: toOpenApiSchema(availabilitySchema, 'output') };

@ApiTags('scheduling')
@Controller('api/v1/doctors')
export class AvailabilityController {
  constructor(private readonly service: AvailabilityService) {}

  @Put('me/availability')
  @Roles('doctor')
  @ApiOkResponse({ description: 'The availability, replaced as a whole', ...availability })
  replace(@CurrentUser() principal: Principal, @ValidBody(availabilityInputSchema) body: AvailabilityInput): Promise<AvailabilityDto> {
    return this.service.replace(principal, body);
  }

  @Get('me/availability')
  @Roles('doctor')
  @ApiOkResponse({ description: "The caller's availability", ...availability })
  mine(@CurrentUser() principal: Principal): Promise<AvailabilityDto> {
    return this.service.mine(principal);
  }

  @Get(':id/availability')
  @Public()
  @ApiOkResponse({ description: "A verified doctor's availability", ...availability })
  ofDoctor(@DoctorIdParam() id: string): Promise<AvailabilityDto> {
    return this.service.ofDoctor(id);
  }
}
