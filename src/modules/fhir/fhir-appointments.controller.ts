import { Inject } from '@nestjs/common';
import { SignedIn } from '../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../common/auth/principal.js';
import { Client, type ClientContext } from '../../common/http/client-context.js';
import { ValidQuery } from '../../common/validation/zod-validation.js';
import { appointmentSearchSchema, type AppointmentSearch } from './dto/fhir.inputs.js';
import { FhirAppointmentsService } from './fhir-appointments.service.js';
import { FHIR_BASE_URL, FhirIdParam } from './fhir-base.js';
import { FhirController, FhirRead, FhirSearch } from './fhir-routes.js';
import type { Bundle, FhirResource } from './mapping/fhir-types.js';

/** FHIR R4 Appointment: signed-in callers, the REST API's access rules. */
@FhirController('fhir/R4')
@SignedIn()
export class FhirAppointmentsController {
  constructor(
    private readonly appointments: FhirAppointmentsService,
    @Inject(FHIR_BASE_URL) private readonly base: string,
  ) {}

  @FhirSearch('Appointment', {
    id: 'searchFhirAppointments',
    description:
      'The caller’s appointments as GET /api/v1/appointments lists them (a patient’s own, a doctor’s own, all for admins), narrowed by `patient`, `practitioner` and `date` (the start), by start.',
  })
  search(
    @CurrentUser() principal: Principal,
    @ValidQuery(appointmentSearchSchema) query: AppointmentSearch,
    @Client() client: ClientContext,
  ): Promise<Bundle> {
    return this.appointments.search(this.base, principal, query, client);
  }

  @FhirRead('Appointment', {
    id: 'readFhirAppointment',
    description: 'To its patient, its doctor and admins; 404 to anyone else, as GET /api/v1/appointments/{id}. Audited.',
    ok: 'An Appointment',
  })
  appointment(@CurrentUser() principal: Principal, @FhirIdParam() id: string, @Client() client: ClientContext): Promise<FhirResource> {
    return this.appointments.appointment(principal, id, client);
  }
}
