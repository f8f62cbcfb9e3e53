import { Controller, Delete, Get, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { OwnDoctorResource } from '../../../common/access/own-doctor-resource.js';
import { Public } from '../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../common/auth/principal.js';
import { Operation } from '../../../common/openapi/operation.js';
import { ValidBody, ValidParam } from '../../../common/validation/zod-validation.js';
import { AppointmentTypesService } from './appointment-types.service.js';
import { createAppointmentTypeSchema, updateAppointmentTypeSchema, type CreateAppointmentTypeInput, type UpdateAppointmentTypeInput } from './dto/appointment-type.inputs.js';
import { activeAppointmentTypesSchema, appointmentTypeSchema, myAppointmentTypesSchema, type AppointmentTypeDto } from './dto/appointment-type.outputs.js';
import { uuidParam } from '../../../common/validation/uuid.js';
import { DoctorIdParam } from '../../../common/access/doctor-id.param.js';

@ApiTags('scheduling')
@Controller('api/v1/doctors')
export class AppointmentTypesController {
  constructor(private readonly service: AppointmentTypesService) {}

  @Post('me/appointment-types')
  @OwnDoctorResource()
  @Operation({
    id: 'createAppointmentType',
    summary: 'Add an appointment type',
    description: 'A kind of visit the doctor offers: its length, the buffer after it, the mode and the price. At most 50 active types per doctor (400 beyond).',
    ok: { status: 201, description: 'Appointment type created', schema: appointmentTypeSchema },
  })
  create(@CurrentUser() principal: Principal, @ValidBody(createAppointmentTypeSchema) body: CreateAppointmentTypeInput): Promise<AppointmentTypeDto> {
    return this.service.create(principal, body);
  }

  @Get('me/appointment-types')
  @OwnDoctorResource()
  @Operation({
    id: 'listMyAppointmentTypes',
    summary: "The signed-in doctor's appointment types",
    description: 'Every active type and the 50 most recently changed inactive ones (so they can be reactivated), oldest first.',
    ok: { description: "The caller's active types and most recent inactive ones", schema: myAppointmentTypesSchema },
  })
  mine(@CurrentUser() principal: Principal): Promise<AppointmentTypeDto[]> {
    return this.service.mine(principal);
  }

  @Patch('me/appointment-types/:id')
  @OwnDoctorResource()
  @Operation({
    id: 'updateAppointmentType',
    summary: 'Change or reactivate an appointment type',
    description: 'Every field optional; `active: true` reactivates a deactivated type. Existing appointments keep what they were booked with.',
    ok: { description: 'Appointment type updated', schema: appointmentTypeSchema },
  })
  update(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string, @ValidBody(updateAppointmentTypeSchema) body: UpdateAppointmentTypeInput): Promise<AppointmentTypeDto> {
    return this.service.update(principal, id, body);
  }

  @Delete('me/appointment-types/:id')
  @OwnDoctorResource()
  @Operation({
    id: 'deactivateAppointmentType',
    summary: 'Deactivate an appointment type',
    description: 'It is no longer offered or bookable; existing appointments keep it.',
    ok: { description: 'Deactivated; existing appointments keep it' },
  })
  deactivate(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string): Promise<void> {
    return this.service.deactivate(principal, id);
  }

  @Get(':id/appointment-types')
  @Public()
  @Operation({
    id: 'listDoctorAppointmentTypes',
    summary: "A doctor's bookable appointment types",
    description: 'The active types of a verified doctor; any other doctor id is 404.',
    ok: { description: "A verified doctor's active types", schema: activeAppointmentTypesSchema },
  })
  activeOf(@DoctorIdParam() id: string): Promise<AppointmentTypeDto[]> {
    return this.service.activeOf(id);
  }
}
