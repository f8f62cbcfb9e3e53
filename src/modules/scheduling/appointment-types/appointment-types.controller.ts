import { Controller, Delete, Get, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Public, Roles } from '../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../common/auth/principal.js';
import { toOpenApiSchema, ValidBody, ValidParam } from '../../../common/validation/zod-validation.js';
import { AppointmentTypesService } from './appointment-types.service.js';
import { createAppointmentTypeSchema, updateAppointmentTypeSchema, type CreateAppointmentTypeInput, type UpdateAppointmentTypeInput } from './dto/appointment-type.inputs.js';
import { appointmentTypeSchema, type AppointmentTypeDto } from './dto/appointment-type.outputs.js';
import { uuidParam } from '../../../common/validation/uuid.js';
import { DoctorIdParam } from '../../../common/access/doctor-id.param.js';
import { NoContent } from '../../../common/http/responses.js';

const type = { schema: toOpenApiSchema(appointmentTypeSchema, 'output') };
const types = { schema: toOpenApiSchema(z.array(appointmentTypeSchema), 'output') };

@ApiTags('scheduling')
@Controller('api/v1/doctors')
export class AppointmentTypesController {
  constructor(private readonly service: AppointmentTypesService) {}

  @Post('me/appointment-types')
  @Roles('doctor')
  @ApiCreatedResponse({ description: 'Appointment type created', ...type })
  create(@CurrentUser() principal: Principal, @ValidBody(createAppointmentTypeSchema) body: CreateAppointmentTypeInput): Promise<AppointmentTypeDto> {
    return this.service.create(principal, body);
  }

  @Get('me/appointment-types')
  @Roles('doctor')
  @ApiOkResponse({ description: "All of the caller's types, inactive ones included", ...types })
  mine(@CurrentUser() principal: Principal): Promise<AppointmentTypeDto[]> {
    return this.service.mine(principal);
  }

  @Patch('me/appointment-types/:id')
  @Roles('doctor')
  @ApiOkResponse({ description: 'Appointment type updated', ...type })
  update(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string, @ValidBody(updateAppointmentTypeSchema) body: UpdateAppointmentTypeInput): Promise<AppointmentTypeDto> {
    return this.service.update(principal, id, body);
  }

  @Delete('me/appointment-types/:id')
  @Roles('doctor')
  @NoContent('Deactivated; existing appointments keep it')
  deactivate(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string): Promise<void> {
    return this.service.deactivate(principal, id);
  }

  @Get(':id/appointment-types')
  @Public()
  @ApiOkResponse({ description: "A verified doctor's active types", ...types })
  activeOf(@DoctorIdParam() id: string): Promise<AppointmentTypeDto[]> {
    return this.service.activeOf(id);
  }
}
