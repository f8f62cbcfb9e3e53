import { Get, Header, Inject } from '@nestjs/common';
import { Public } from '../../common/auth/policy.js';
import { Operation } from '../../common/openapi/operation.js';
import { ValidQuery } from '../../common/validation/zod-validation.js';
import { publishQuerySchema, type PublishQuery } from './dto/fhir.inputs.js';
import { publishManifestSchema } from './dto/fhir.outputs.js';
import { FHIR_BASE_URL } from './fhir-base.js';
import { FhirPublishService } from './fhir-publish.service.js';
import { FhirController, FhirPublishedFile } from './fhir-routes.js';

const WINDOW = 'free slots from now for PUBLISH_DAYS days (default 28)';
const SINCE = 'With `_since`, only the doctors whose schedule changed after it, each in full.';

/** SMART Scheduling Links (issue 15): the bulk-publish manifest and its three NDJSON files; public, cacheable. */
@FhirController('fhir/R4/$bulk-publish')
@Public()
export class FhirPublishController {
  constructor(
    private readonly publish: FhirPublishService,
    @Inject(FHIR_BASE_URL) private readonly base: string,
  ) {}

  @Get()
  @Header('content-type', 'application/json; charset=utf-8')
  @Operation({
    id: 'getFhirBulkPublishManifest',
    summary: 'SMART Scheduling Links manifest',
    description: `The manifest of the Location, Schedule and Slot files for verified doctors (${WINDOW}), as the SMART Scheduling Links specification describes. ${SINCE}`,
    ok: { description: 'The manifest', schema: publishManifestSchema, mediaType: 'application/json' },
  })
  manifest(@ValidQuery(publishQuerySchema) query: PublishQuery): Promise<Record<string, unknown>> {
    return this.publish.manifest(this.base, query);
  }

  @FhirPublishedFile('Location', {
    id: 'getFhirPublishedLocations',
    description: `The practice locations of verified doctors, one Location per line. ${SINCE}`,
  })
  locations(@ValidQuery(publishQuerySchema) query: PublishQuery): Promise<string> {
    return this.publish.file('Location', query);
  }

  @FhirPublishedFile('Schedule', {
    id: 'getFhirPublishedSchedules',
    description: `One Schedule per verified doctor and active appointment type, its actors the Practitioner and (visits in person) the Locations. ${SINCE}`,
  })
  schedules(@ValidQuery(publishQuerySchema) query: PublishQuery): Promise<string> {
    return this.publish.file('Schedule', query);
  }

  @FhirPublishedFile('Slot', {
    id: 'getFhirPublishedSlots',
    description: `The ${WINDOW} of every published Schedule, computed by the slot engine of GET /api/v1/doctors/{id}/slots, each with a booking deep link. ${SINCE}`,
  })
  slots(@ValidQuery(publishQuerySchema) query: PublishQuery): Promise<string> {
    return this.publish.file('Slot', query);
  }
}
