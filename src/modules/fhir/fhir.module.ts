import { Module } from '@nestjs/common';
import { DoctorsModule } from '../doctors/doctors.module.js';
import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { FhirAppointmentsController } from './fhir-appointments.controller.js';
import { FhirAppointmentsService } from './fhir-appointments.service.js';
import { fhirBaseUrlProvider } from './fhir-base.js';
import { FhirDirectoryController } from './fhir-directory.controller.js';
import { FhirDirectoryService } from './fhir-directory.service.js';
import { FhirPublishController } from './fhir-publish.controller.js';
import { FhirPublishService } from './fhir-publish.service.js';
import { FhirSchedulingController } from './fhir-scheduling.controller.js';
import { FhirSchedulingService } from './fhir-scheduling.service.js';

/**
 * The FHIR R4 read side at /fhir/R4: mappings (mapping/, pure) over the doctors' and the
 * scheduling module's exported services. It owns no table and reads none itself.
 */
@Module({
  imports: [DoctorsModule, SchedulingModule],
  controllers: [FhirDirectoryController, FhirSchedulingController, FhirAppointmentsController, FhirPublishController],
  providers: [FhirDirectoryService, FhirSchedulingService, FhirAppointmentsService, FhirPublishService, fhirBaseUrlProvider],
})
export class FhirModule {}
