import { Controller, Get, Header, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/policy.js';
import { Operation } from '../../common/openapi/operation.js';
import { ValidQuery } from '../../common/validation/zod-validation.js';
import { scheduleSearchSchema, slotSearchSchema, type ScheduleSearch, type SlotSearch } from './dto/fhir.inputs.js';
import { fhirBundleSchema, fhirResourceSchema } from './dto/fhir.outputs.js';
import { FhirBase, FhirIdParam } from './fhir-base.js';
import { FhirSchedulingService } from './fhir-scheduling.service.js';
import type { Bundle, FhirResource } from './mapping/fhir-types.js';
import { FHIR_JSON, OperationOutcomeFilter } from './operation-outcome.filter.js';

const MEDIA = 'application/fhir+json';

/** FHIR R4 Schedule and Slot: public, computed by the scheduling module's slot service. */
@ApiTags('fhir')
@Controller('fhir/R4')
@UseFilters(OperationOutcomeFilter)
export class FhirSchedulingController {
  constructor(private readonly scheduling: FhirSchedulingService) {}

  @Get('Schedule')
  @Public()
  @Header('content-type', FHIR_JSON)
  @Operation({
    id: 'searchFhirSchedules',
    summary: 'Search FHIR Schedules',
    description: 'The schedules of a verified doctor (`actor=Practitioner/<id>`, required): one per active appointment type.',
    ok: { description: 'A searchset Bundle of Schedules', schema: fhirBundleSchema, mediaType: MEDIA },
  })
  searchSchedules(@FhirBase() base: string, @ValidQuery(scheduleSearchSchema) query: ScheduleSearch): Promise<Bundle> {
    return this.scheduling.searchSchedules(base, query);
  }

  @Get('Schedule/:id')
  @Public()
  @Header('content-type', FHIR_JSON)
  @Operation({
    id: 'readFhirSchedule',
    summary: 'A FHIR Schedule',
    description: 'A verified doctor’s active appointment type as a Schedule; anything else is 404.',
    ok: { description: 'A Schedule', schema: fhirResourceSchema, mediaType: MEDIA },
  })
  schedule(@FhirIdParam() id: string): Promise<FhirResource> {
    return this.scheduling.schedule(id);
  }

  @Get('Slot')
  @Public()
  @Header('content-type', FHIR_JSON)
  @Operation({
    id: 'searchFhirSlots',
    summary: 'Search FHIR Slots',
    description:
      'Free slots of one schedule (`schedule`, required) with a start in [`start=ge…`, `start=lt…`) (both required, at most 62 days apart): the slots GET /api/v1/doctors/{id}/slots offers for the same days.',
    ok: { description: 'A searchset Bundle of Slots', schema: fhirBundleSchema, mediaType: MEDIA },
  })
  searchSlots(@FhirBase() base: string, @ValidQuery(slotSearchSchema) query: SlotSearch): Promise<Bundle> {
    return this.scheduling.searchSlots(base, query);
  }

  @Get('Slot/:id')
  @Public()
  @Header('content-type', FHIR_JSON)
  @Operation({
    id: 'readFhirSlot',
    summary: 'A FHIR Slot',
    description: 'A slot the schedule offers now, free; 404 once it is booked, past or no longer offered.',
    ok: { description: 'A free Slot', schema: fhirResourceSchema, mediaType: MEDIA },
  })
  slot(@FhirIdParam() id: string): Promise<FhirResource> {
    return this.scheduling.slot(id);
  }
}
