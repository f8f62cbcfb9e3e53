import { Controller, Get, Header, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SignedIn } from '../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../common/auth/principal.js';
import { Client, type ClientContext } from '../../common/http/client-context.js';
import { Operation } from '../../common/openapi/operation.js';
import { ValidQuery } from '../../common/validation/zod-validation.js';
import { appointmentSearchSchema, type AppointmentSearch } from './dto/fhir.inputs.js';
import { fhirBundleSchema, fhirResourceSchema } from './dto/fhir.outputs.js';
import { FhirAppointmentsService } from './fhir-appointments.service.js';
import { FhirBase, FhirIdParam } from './fhir-base.js';
import type { Bundle, FhirResource } from './mapping/fhir-types.js';
import { FHIR_JSON, OperationOutcomeFilter } from './operation-outcome.filter.js';

const MEDIA = 'application/fhir+json';

/** FHIR R4 Appointment: signed-in callers, the REST API's access rules. */
@ApiTags('fhir')
@Controller('fhir/R4/Appointment')
@UseFilters(OperationOutcomeFilter)
export class FhirAppointmentsController {
  constructor(private readonly appointments: FhirAppointmentsService) {}

  @Get()
  @SignedIn()
  @Header('content-type', FHIR_JSON)
  @Operation({
    id: 'searchFhirAppointments',
    summary: 'Search FHIR Appointments',
    description:
      'The caller’s appointments as GET /api/v1/appointments lists them (a patient’s own, a doctor’s own, all for admins), narrowed by `patient`, `practitioner` and `date` (the start), by start.',
    ok: { description: 'A searchset Bundle of Appointments', schema: fhirBundleSchema, mediaType: MEDIA },
  })
  search(
    @FhirBase() base: string,
    @CurrentUser() principal: Principal,
    @ValidQuery(appointmentSearchSchema) query: AppointmentSearch,
    @Client() client: ClientContext,
  ): Promise<Bundle> {
    return this.appointments.search(base, principal, query, client);
  }

  @Get(':id')
  @SignedIn()
  @Header('content-type', FHIR_JSON)
  @Operation({
    id: 'readFhirAppointment',
    summary: 'A FHIR Appointment',
    description: 'To its patient, its doctor and admins; 404 to anyone else, as GET /api/v1/appointments/{id}. Audited.',
    ok: { description: 'An Appointment', schema: fhirResourceSchema, mediaType: MEDIA },
  })
  appointment(@CurrentUser() principal: Principal, @FhirIdParam() id: string, @Client() client: ClientContext): Promise<FhirResource> {
    return this.appointments.appointment(principal, id, client);
  }
}
