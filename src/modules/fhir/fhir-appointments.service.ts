import { Injectable } from '@nestjs/common';
import type { Principal } from '../../common/auth/principal.js';
import { invalidFields, notFound } from '../../common/errors/app-error.js';
import type { ClientContext } from '../../common/http/client-context.js';
import { isUuid } from '../../common/validation/uuid.js';
import { AppointmentsService } from '../scheduling/appointments/appointments.service.js';
import type { AppointmentSearch } from './dto/fhir.inputs.js';
import { toSearchBundle } from './mapping/bundle.mapping.js';
import { referenceId } from './mapping/fhir-ids.js';
import type { Bundle, FhirResource } from './mapping/fhir-types.js';
import { toAppointment } from './mapping/scheduling.mapping.js';
import { isFieldError, parseDateBounds } from './mapping/search-dates.js';

/**
 * Appointment through the scheduling module's AppointmentsService and nothing else: the same
 * access check (participants and admins; 404 to anyone else), the same audit rows, the same
 * listing scope, which `patient` and `practitioner` can only narrow.
 */
@Injectable()
export class FhirAppointmentsService {
  constructor(private readonly appointments: AppointmentsService) {}

  async appointment(principal: Principal, id: string, client: ClientContext): Promise<FhirResource> {
    if (!isUuid(id)) throw notFound('appointment');
    return toAppointment(await this.appointments.get(principal, id.toLowerCase(), client));
  }

  async search(base: string, principal: Principal, query: AppointmentSearch, client: ClientContext): Promise<Bundle> {
    const params = { patient: query.patient, practitioner: query.practitioner, date: query.date, _count: query._count, _page: query._page };
    const bounds = parseDateBounds('date', query.date ?? []);
    if (isFieldError(bounds)) throw invalidFields([bounds]);
    const patientId = query.patient === undefined ? undefined : referenceId(query.patient, 'Patient');
    const doctorId = query.practitioner === undefined ? undefined : referenceId(query.practitioner, 'Practitioner');
    // An id that is no UUID names no one: nothing matches (and nothing reaches the database).
    const named = [patientId, doctorId].filter((value): value is string => value !== undefined);
    if (!named.every(isUuid)) return toSearchBundle(base, 'Appointment', params, [], null);
    const page = await this.appointments.list(
      principal,
      { limit: query._count, cursor: query._page, from: bounds.from, to: bounds.to },
      client,
      { patientId: patientId?.toLowerCase(), doctorId: doctorId?.toLowerCase() },
    );
    return toSearchBundle(base, 'Appointment', params, page.data.map(toAppointment), page.nextCursor);
  }
}
