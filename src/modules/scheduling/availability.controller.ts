import { Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../common/auth/principal.js';
import { toOpenApiSchema, ValidBody, ValidParam } from '../../common/validation/zod-validation.js';
import { AvailabilityService } from './availability.service.js';
import { availabilityInputSchema, availabilitySchema, type AvailabilityDto, type AvailabilityInput } from './dto/availability.dto.js';
import { uuidParam } from '../../common/validation/uuid.js';
import { DoctorIdParam } from '../doctors/doctor-id.param.js';
import { createdTimeOffSchema, timeOffInputSchema, timeOffSchema, type CreatedTimeOffDto, type TimeOffDto, type TimeOffInput } from './dto/time-off.dto.js';
import { z } from 'zod';

const availability = { schema: toOpenApiSchema(availabilitySchema, 'output') };

@ApiTags('scheduling')
@Controller('api/v1/doctors')
export class AvailabilityController {
  constructor(private readonly service: AvailabilityService) {}

  @Put('me/availability')
  @Roles('doctor')
  @ApiBearerAuth()
  @ApiOkResponse({ description: 'The availability, replaced as a whole', ...availability })
  replace(@CurrentUser() principal: Principal, @ValidBody(availabilityInputSchema) body: AvailabilityInput): Promise<AvailabilityDto> {
    return this.service.replace(principal, body);
  }

  @Get('me/availability')
  @Roles('doctor')
  @ApiBearerAuth()
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

  @Post('me/time-off')
  @Roles('doctor')
  @ApiBearerAuth()
  @ApiCreatedResponse({ description: 'Time off added; confirmed appointments it overlaps are listed, not cancelled', schema: toOpenApiSchema(createdTimeOffSchema, 'output') })
  addTimeOff(@CurrentUser() principal: Principal, @ValidBody(timeOffInputSchema) body: TimeOffInput): Promise<CreatedTimeOffDto> {
    return this.service.addTimeOff(principal, body);
  }

  @Get('me/time-off')
  @Roles('doctor')
  @ApiBearerAuth()
  @ApiOkResponse({ description: "The caller's time off, by start", schema: toOpenApiSchema(z.array(timeOffSchema), 'output') })
  listTimeOff(@CurrentUser() principal: Principal): Promise<TimeOffDto[]> {
    return this.service.listTimeOff(principal);
  }

  @Delete('me/time-off/:id')
  @Roles('doctor')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Time off removed' })
  removeTimeOff(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string): Promise<void> {
    return this.service.removeTimeOff(principal, id);
  }
}
