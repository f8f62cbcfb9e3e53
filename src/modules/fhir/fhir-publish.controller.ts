import { Controller, Get, Header, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/policy.js';
import { Operation } from '../../common/openapi/operation.js';
import { ValidQuery } from '../../common/validation/zod-validation.js';
import { publishQuerySchema, type PublishQuery } from './dto/fhir.inputs.js';
import { ndjsonSchema, publishManifestSchema } from './dto/fhir.outputs.js';
import { FhirBase } from './fhir-base.js';
import { FhirPublishService } from './fhir-publish.service.js';
import { FHIR_NDJSON, OperationOutcomeFilter } from './operation-outcome.filter.js';

const WINDOW = 'free slots from now for PUBLISH_DAYS days (default 28)';
const SINCE = 'With `_since`, only the doctors whose schedule changed after it, each in full.';

/** SMART Scheduling Links (issue 15): the bulk-publish manifest and its three NDJSON files; public, cacheable. */
@ApiTags('fhir')
@Controller('fhir/R4/$bulk-publish')
@UseFilters(OperationOutcomeFilter)
export class FhirPublishController {
  constructor(private readonly publish: FhirPublishService) {}

  @Get()
  @Public()
  @Header('content-type', 'application/json; charset=utf-8')
  @Operation({
    id: 'getFhirBulkPublishManifest',
    summary: 'SMART Scheduling Links manifest',
    description: `The manifest of the Location, Schedule and Slot files for verified doctors (${WINDOW}), as the SMART Scheduling Links specification describes. ${SINCE}`,
    ok: { description: 'The manifest', schema: publishManifestSchema, mediaType: 'application/json' },
  })
  manifest(@FhirBase() base: string, @ValidQuery(publishQuerySchema) query: PublishQuery): Promise<Record<string, unknown>> {
    return this.publish.manifest(base, query);
  }

  @Get('Location.ndjson')
  @Public()
  @Header('content-type', FHIR_NDJSON)
  @Operation({
    id: 'getFhirPublishedLocations',
    summary: 'Published Locations (NDJSON)',
    description: `The practice locations of verified doctors, one Location per line. ${SINCE}`,
    ok: { description: 'Locations, one per line', schema: ndjsonSchema, mediaType: 'application/fhir+ndjson' },
  })
  locations(@ValidQuery(publishQuerySchema) query: PublishQuery): Promise<string> {
    return this.publish.file('Location', query);
  }

  @Get('Schedule.ndjson')
  @Public()
  @Header('content-type', FHIR_NDJSON)
  @Operation({
    id: 'getFhirPublishedSchedules',
    summary: 'Published Schedules (NDJSON)',
    description: `One Schedule per verified doctor and active appointment type, its actors the Practitioner and (visits in person) the Locations. ${SINCE}`,
    ok: { description: 'Schedules, one per line', schema: ndjsonSchema, mediaType: 'application/fhir+ndjson' },
  })
  schedules(@ValidQuery(publishQuerySchema) query: PublishQuery): Promise<string> {
    return this.publish.file('Schedule', query);
  }

  @Get('Slot.ndjson')
  @Public()
  @Header('content-type', FHIR_NDJSON)
  @Operation({
    id: 'getFhirPublishedSlots',
    summary: 'Published Slots (NDJSON)',
    description: `The ${WINDOW} of every published Schedule, computed by the slot engine of GET /api/v1/doctors/{id}/slots, each with a booking deep link. ${SINCE}`,
    ok: { description: 'Slots, one per line', schema: ndjsonSchema, mediaType: 'application/fhir+ndjson' },
  })
  slots(@ValidQuery(publishQuerySchema) query: PublishQuery): Promise<string> {
    return this.publish.file('Slot', query);
  }
}
