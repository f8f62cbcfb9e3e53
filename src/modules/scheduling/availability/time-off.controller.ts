import { Controller, Delete, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../common/auth/principal.js';
import { NoContent } from '../../../common/http/responses.js';
import { uuidParam } from '../../../common/validation/uuid.js';
import { toOpenApiSchema, ValidBody, ValidParam } from '../../../common/validation/zod-validation.js';
import { timeOffInputSchema, type TimeOffInput } from './dto/time-off.inputs.js';
import { createdTimeOffSchema, timeOffSchema, type CreatedTimeOffDto, type TimeOffDto } from './dto/time-off.outputs.js';
import { TimeOffService } from './time-off.service.js';

/** `/doctors/me/time-off`: the signed-in doctor's time off. */
@ApiTags('scheduling')
@Controller('api/v1/doctors/me/time-off')
export class TimeOffController {
  constructor(private readonly service: TimeOffService) {}

  @Post()
  @Roles('doctor')
  @ApiCreatedResponse({ description: 'Time off added; confirmed appointments it overlaps are listed, not cancelled', schema: toOpenApiSchema(createdTimeOffSchema, 'output') })
  add(@CurrentUser() principal: Principal, @ValidBody(timeOffInputSchema) body: TimeOffInput): Promise<CreatedTimeOffDto> {
    return this.service.add(principal, body);
  }

  @Get()
  @Roles('doctor')
  @ApiOkResponse({ description: "The caller's time off, by start", schema: toOpenApiSchema(z.array(timeOffSchema), 'output') })
  list(@CurrentUser() principal: Principal): Promise<TimeOffDto[]> {
    return this.service.list(principal);
  }

  @Delete(':id')
  @Roles('doctor')
  @NoContent('Time off removed')
  remove(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string): Promise<void> {
    return this.service.remove(principal, id);
  }
}