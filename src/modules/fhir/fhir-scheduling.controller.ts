import { Inject } from '@nestjs/common';
import { Public } from '../../common/auth/policy.js';
import { ValidQuery } from '../../common/validation/zod-validation.js';
import { scheduleSearchSchema, slotSearchSchema, type ScheduleSearch, type SlotSearch } from './dto/fhir.inputs.js';
import { FHIR_BASE_URL, FhirIdParam } from './fhir-base.js';
import { FhirController, FhirRead, FhirSearch } from './fhir-routes.js';
import { FhirSchedulingService } from './fhir-scheduling.service.js';
import type { Bundle, FhirResource } from './mapping/fhir-types.js';

/** FHIR R4 Schedule and Slot: public, computed by the scheduling module's slot service. */
@FhirController('fhir/R4')
@Public()
export class FhirSchedulingController {
  constructor(
    private readonly scheduling: FhirSchedulingService,
    @Inject(FHIR_BASE_URL) private readonly base: string,
  ) {}

  @FhirSearch('Schedule', {
    id: 'searchFhirSchedules',
    description: 'The schedules of a verified doctor (`actor=Practitioner/<id>`, required): one per active appointment type.',
  })
  searchSchedules(@ValidQuery(scheduleSearchSchema) query: ScheduleSearch): Promise<Bundle> {
    return this.scheduling.searchSchedules(this.base, query);
  }

  @FhirRead('Schedule', {
    id: 'readFhirSchedule',
    description: 'A verified doctor’s active appointment type as a Schedule; anything else is 404.',
    ok: 'A Schedule',
  })
  schedule(@FhirIdParam() id: string): Promise<FhirResource> {
    return this.scheduling.schedule(id);
  }

  @FhirSearch('Slot', {
    id: 'searchFhirSlots',
    description:
      'Free slots of one schedule (`schedule`, required) with a start in [`start=ge…`, `start=lt…`) (both required, at most 62 days apart): the slots GET /api/v1/doctors/{id}/slots offers for the same days.',
  })
  searchSlots(@ValidQuery(slotSearchSchema) query: SlotSearch): Promise<Bundle> {
    return this.scheduling.searchSlots(this.base, query);
  }

  @FhirRead('Slot', {
    id: 'readFhirSlot',
    description: 'A slot the schedule offers now, free; 404 once it is booked, past or no longer offered.',
    ok: 'A free Slot',
  })
  slot(@FhirIdParam() id: string): Promise<FhirResource> {
    return this.scheduling.slot(id);
  }
}
