import { Controller, Get, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Roles, SignedIn } from '../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../common/auth/principal.js';
import { Client, type ClientContext } from '../../../common/http/client-context.js';
import { Operation } from '../../../common/openapi/operation.js';
import { toOpenApiSchema } from '../../../common/openapi/schemas.js';
import { ValidBody, ValidParam, ValidQuery } from '../../../common/validation/zod-validation.js';
import { AppointmentsService } from './appointments.service.js';
import { BookingService } from './booking.service.js';
import {
  bookAppointmentSchema,
  cancelAppointmentSchema,
  idempotencyKeySchema,
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

const { description: idempotencyKeyDescription, ...idempotencyKeyHeader } = toOpenApiSchema(idempotencyKeySchema);

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
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: String(idempotencyKeyDescription), schema: idempotencyKeyHeader })
  @Operation({
    id: 'bookAppointment',
    summary: 'Book an offered slot',
    description:
      'Only a start `getDoctorSlots` offers (else 422 `SLOT_NOT_AVAILABLE`); a slot another booking holds is 409 `SLOT_TAKEN`, whatever the concurrency. With an `Idempotency-Key`, a retry of the same request answers the original 201 without booking again.' +
      ' `intakeAnswers` answer the type’s intake questions (400 naming each missing or ill-typed one); a video type gets a meeting link (`videoUrl`).',
    ok: { status: 201, description: 'Booked', schema: appointmentSchema },
    errors: ['NOT_FOUND', 'SLOT_TAKEN', 'PATIENT_CONFLICT', 'SLOT_NOT_AVAILABLE', 'HOLD_MISMATCH', 'IDEMPOTENCY_KEY_MISMATCH', 'TOO_MANY_APPOINTMENTS', 'SERVICE_UNAVAILABLE',
      /* issue 13 */ 'APPOINTMENT_TYPE_NOT_FOR_PATIENT', 'BOOKING_SUSPENDED'],
  })
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
  @Operation({
    id: 'listAppointments',
    summary: "The caller's appointments",
    description: 'A patient’s or doctor’s own appointments (an admin’s: everyone’s), by start; `from`/`to` select starts in `[from, to)`. A doctor’s or an admin’s listing is recorded in the audit trail.',
    ok: { description: "The caller's appointments (admins: all), by start", schema: appointmentPageSchema },
  })
  list(@CurrentUser() principal: Principal, @ValidQuery(listAppointmentsQuerySchema) query: ListAppointmentsQuery, @Client() client: ClientContext): Promise<AppointmentPageDto> {
    return this.appointments.list(principal, query, client);
  }

  @Get(':id')
  @SignedIn()
  @Operation({
    id: 'getAppointment',
    summary: 'An appointment',
    description: 'To its patient, its doctor and admins; anyone else gets 404, as if it did not exist.',
    ok: { description: 'The appointment (participants and admins; anyone else 404)', schema: appointmentSchema },
  })
  get(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string, @Client() client: ClientContext): Promise<AppointmentDto> {
    return this.appointments.get(principal, id, client);
  }

  @Post(':id/cancel')
  @SignedIn()
  @Operation({
    id: 'cancelAppointment',
    summary: 'Cancel an appointment',
    description:
      'The patient up to `cancellationNoticeHours` before the start (then 422 `CANCELLATION_WINDOW_PASSED`); the doctor and admins any time. The slot is offered again. For a visit of a follow-up series, `scope: following` also cancels every later confirmed occurrence, in one transaction.',
    ok: { description: 'Cancelled', schema: appointmentSchema },
    errors: ['INVALID_STATUS_TRANSITION', 'CANCELLATION_WINDOW_PASSED'],
  })
  cancel(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string, @ValidBody(cancelAppointmentSchema) body: CancelAppointmentInput, @Client() client: ClientContext): Promise<AppointmentDto> {
    return this.appointments.cancel(principal, id, body, client);
  }

  @Post(':id/reschedule')
  @SignedIn()
  @Operation({
    id: 'rescheduleAppointment',
    summary: 'Move an appointment to another offered slot',
    description:
      'For its patient (inside the cancellation window) and its doctor; same id, new time. All or nothing: if the new time cannot be booked, the old time stays.',
    ok: { description: 'Moved (same id, new time); on failure the old time stays', schema: appointmentSchema },
    errors: ['INVALID_STATUS_TRANSITION', 'SLOT_TAKEN', 'PATIENT_CONFLICT', 'SLOT_NOT_AVAILABLE', 'CANCELLATION_WINDOW_PASSED'],
  })
  reschedule(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string, @ValidBody(rescheduleAppointmentSchema) body: RescheduleAppointmentInput, @Client() client: ClientContext): Promise<AppointmentDto> {
    return this.rescheduling.reschedule(principal, id, body, client);
  }

  @Post(':id/complete')
  @Roles('doctor')
  @Operation({
    id: 'completeAppointment',
    summary: 'Mark an appointment as completed',
    description: 'By its doctor, from the start on; the patient may then review it.',
    ok: { description: 'Completed', schema: appointmentSchema },
    errors: ['INVALID_STATUS_TRANSITION'],
  })
  complete(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string, @Client() client: ClientContext): Promise<AppointmentDto> {
    return this.appointments.close(principal, id, 'complete', client);
  }

  @Post(':id/no-show')
  @Roles('doctor')
  @Operation({
    id: 'markAppointmentNoShow',
    summary: 'Mark an appointment as a no-show',
    description: 'By its doctor, from the start on.',
    ok: { description: 'Marked as a no-show', schema: appointmentSchema },
    errors: ['INVALID_STATUS_TRANSITION'],
  })
  noShow(@CurrentUser() principal: Principal, @ValidParam('id', uuidParam) id: string, @Client() client: ClientContext): Promise<AppointmentDto> {
    return this.appointments.close(principal, id, 'no_show', client);
  }
}
