import { Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../common/auth/principal.js';
import { Client, type ClientContext } from '../../../common/http/client-context.js';
import { Operation } from '../../../common/openapi/operation.js';
import { ValidBody } from '../../../common/validation/zod-validation.js';
import { bookSeriesSchema, type BookSeriesInput } from './dto/series.inputs.js';
import { appointmentSeriesSchema, type AppointmentSeriesDto } from './dto/series.outputs.js';
import { SeriesService } from './series.service.js';

/** `/appointments/series`: follow-up series, booked all or nothing. */
@ApiTags('scheduling')
@Controller('api/v1/appointments/series')
export class SeriesController {
  constructor(private readonly series: SeriesService) {}

  @Post()
  @Roles('patient')
  @Operation({
    id: 'bookAppointmentSeries',
    summary: 'Book a follow-up series',
    description:
      '`count` occurrences (2–12) `every` 1, 2 or 4 weeks from `start`, at the same wall-clock time in the doctor’s zone (across daylight-saving changes too). All or nothing: one occurrence that is not offered is 422 `SLOT_NOT_AVAILABLE` (`occurrences` lists them); one that collides is 409 (`conflicts` lists each start with `SLOT_TAKEN` or `PATIENT_CONFLICT`). Each occurrence counts toward `MAX_FUTURE_APPOINTMENTS`.',
    ok: { status: 201, description: 'Every occurrence booked', schema: appointmentSeriesSchema },
    errors: ['NOT_FOUND', 'SLOT_TAKEN', 'PATIENT_CONFLICT', 'SLOT_NOT_AVAILABLE', 'TOO_MANY_APPOINTMENTS', 'APPOINTMENT_TYPE_NOT_FOR_PATIENT', 'BOOKING_SUSPENDED'],
  })
  book(@CurrentUser() principal: Principal, @ValidBody(bookSeriesSchema) body: BookSeriesInput, @Client() client: ClientContext): Promise<AppointmentSeriesDto> {
    return this.series.book(principal, body, client);
  }
}
