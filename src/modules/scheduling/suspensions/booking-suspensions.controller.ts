import { Controller, Delete } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Staff } from '../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../common/auth/principal.js';
import { Client, type ClientContext } from '../../../common/http/client-context.js';
import { Operation } from '../../../common/openapi/operation.js';
import { uuidParam } from '../../../common/validation/uuid.js';
import { ValidParam } from '../../../common/validation/zod-validation.js';
import { BookingSuspensions } from './booking-suspensions.service.js';

/** Doctors and admins (Permission.BookingSuspensionLift, whose service check says which doctors). */

/** `/patients/:id/booking-suspension`: lifting a no-show suspension. */
@ApiTags('scheduling')
@Controller('api/v1/patients/:patientId/booking-suspension')
export class BookingSuspensionsController {
  constructor(private readonly suspensions: BookingSuspensions) {}

  @Delete()
  @Staff()
  @Operation({
    id: 'liftBookingSuspension',
    summary: "Lift a patient's no-show suspension",
    description:
      'After `NO_SHOW_LIMIT` no-shows in 180 days a patient cannot book online for 30 days (422 `BOOKING_SUSPENDED`). An admin, or a doctor the patient has had an appointment with, may lift it; anyone else, or a patient with no suspension in force, gets 404.',
    ok: { status: 204, description: 'Lifted: the patient may book again' },
  })
  lift(@CurrentUser() principal: Principal, @ValidParam('patientId', uuidParam) patientId: string, @Client() client: ClientContext): Promise<void> {
    return this.suspensions.lift(principal, patientId, client);
  }
}
