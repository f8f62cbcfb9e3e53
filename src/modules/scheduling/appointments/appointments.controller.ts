import { Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles, SignedIn } from '../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../common/auth/principal.js';
import { Client, type ClientContext } from '../../../common/http/client-context.js';
import { PostOk } from '../../../common/http/responses.js';
import { toOpenApiSchema, ValidBody, ValidParam, ValidQuery } from '../../../common/validation/zod-validation.js';
import { AppointmentsService } from './appointments.service.js';
import { BookingService } from './booking.service.js';
import {
  bookAppointmentSchema,
  cancelAppointmentSchema,
  listAppointmentsQuerySchema,
  rescheduleAppointmentSchema,
  type BookAppointmentInput,
  type CancelAppointmentInput,
  type ListAppointmentsQuery,
  type RescheduleAppointmentInput,
} from './dto/appointment.inputs.js';
import { appointmentPageSchema, appointmentSchema, type AppointmentDto, type AppointmentPageDto } from './dto/appointment.outputs.js';
import { uuidParam } from '../../../common/validation/uuid.js';
import { IdempotencyKey } from './idempotency-key.decorator.js';
import { RescheduleService } from './reschedule.service.js';

const appointment = { schema: toOpenApiSchema(appointmentSchema, 'output') };

@ApiTags('scheduling')
@Controller('api/v1/appointments')
export class AppointmentsController {
  constructor(
    private readonly booking: BookingService,
    private readonly appointments: AppointmentsService,
    private readonly rescheduling: RescheduleService,
  ) {}

  @Post()
  @Roles('patient')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key, same body within 24 h: the original response, no second booking' })
  @ApiCreatedResponse({ description: 'Booked', ...appointment })
  book(
    @CurrentUser() principal: Principal,
    @ValidBody(bookAppointmentSchema) body: BookAppointmentInput,
    @IdempotencyKey() key: string | undefined,
    @Client() client: ClientContext,
  ): Promise<AppointmentDto> {
    return this.booking.book(principal, body, key, client);
  }

  @Get()
  @SignedIn()
  @ApiOkResponse({ description: "The caller's appointments (admins: all), by start", schema: toOpenApiSchema(appointmentPageSchema, 'output') })
  list(@CurrentUser() principal: Principal, @ValidQuery(listAppointmentsQuerySchema) query: ListAppointmentsQuery, @Client() client: ClientContext): Promise<AppointmentPageDto> {
    return this.appointments.list(principal, query, client);
  }

  @Get(':id')
  @SignedIn()
  @ApiOkResponse({ description: 'The appointment (participants and admins; anyone else 404)', ...appointment })
  get(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string, @Client() client: ClientContext): Promise<AppointmentDto> {
    return this.appointments.get(principal, id, client);
  }

  @Post(':id/cancel')
  @SignedIn()
  @PostOk({ description: 'Cancelled', ...appointment })
  cancel(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string, @ValidBody(cancelAppointmentSchema) body: CancelAppointmentInput, @Client() client: ClientContext): Promise<AppointmentDto> {
    return this.appointments.cancel(principal, id, body, client);
  }

  @Post(':id/reschedule')
  @SignedIn()
  @PostOk({ description: 'Moved (same id, new time); on failure the old time stays', ...appointment })
  reschedule(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string, @ValidBody(rescheduleAppointmentSchema) body: RescheduleAppointmentInput, @Client() client: ClientContext): Promise<AppointmentDto> {
    return this.rescheduling.reschedule(principal, id, body, client);
  }

  @Post(':id/complete')
  @Roles('doctor')
  @PostOk({ description: 'Completed', ...appointment })
  complete(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string, @Client() client: ClientContext): Promise<AppointmentDto> {
    return this.appointments.close(principal, id, 'complete', client);
  }

  @Post(':id/no-show')
  @Roles('doctor')
  @PostOk({ description: 'Marked as a no-show', ...appointment })
  noShow(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string, @Client() client: ClientContext): Promise<AppointmentDto> {
    return this.appointments.close(principal, id, 'no_show', client);
  }
}
