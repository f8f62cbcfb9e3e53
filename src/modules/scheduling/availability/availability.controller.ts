import { Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { OwnDoctorResource } from '../../../common/access/own-doctor-resource.js';
import { Public } from '../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../common/auth/principal.js';
import { Operation } from '../../../common/openapi/operation.js';
import { ValidBody } from '../../../common/validation/zod-validation.js';
import { AvailabilityService } from './availability.service.js';
import { availabilityInputSchema, type AvailabilityInput } from './dto/availability.inputs.js';
import { availabilitySchema, type AvailabilityDto } from './dto/availability.outputs.js';
import { DoctorIdParam } from '../../../common/access/doctor-id.param.js';

@ApiTags('scheduling')
@Controller('api/v1/doctors')
export class AvailabilityController {
  constructor(private readonly service: AvailabilityService) {}

  @Put('me/availability')
  @OwnDoctorResource()
  @Operation({
    id: 'replaceMyAvailability',
    summary: "Replace the signed-in doctor's weekly hours and booking settings",
    description: 'Replaces the whole availability: settings left out take their defaults, a left-out `timezone` keeps the current one. Intervals of one day may not overlap.',
    ok: { description: 'The availability, replaced as a whole', schema: availabilitySchema },
  })
  replace(@CurrentUser() principal: Principal, @ValidBody(availabilityInputSchema) body: AvailabilityInput): Promise<AvailabilityDto> {
    return this.service.replace(principal, body);
  }

  @Get('me/availability')
  @OwnDoctorResource()
  @Operation({
    id: 'getMyAvailability',
    summary: "The signed-in doctor's weekly hours and booking settings",
    description: 'What `replaceMyAvailability` last stored, or the defaults.',
    ok: { description: "The caller's availability", schema: availabilitySchema },
  })
  mine(@CurrentUser() principal: Principal): Promise<AvailabilityDto> {
    return this.service.mine(principal);
  }

  @Get(':id/availability')
  @Public()
  @Operation({
    id: 'getDoctorAvailability',
    summary: "A doctor's weekly hours and booking settings",
    description: 'Of a verified doctor; any other doctor id is 404.',
    ok: { description: "A verified doctor's availability", schema: availabilitySchema },
  })
  ofDoctor(@DoctorIdParam() id: string): Promise<AvailabilityDto> {
    return this.service.ofDoctor(id);
  }
}
