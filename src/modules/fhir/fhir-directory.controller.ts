import { Controller, Get, Header, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/policy.js';
import { Operation } from '../../common/openapi/operation.js';
import { ValidQuery } from '../../common/validation/zod-validation.js';
import { practitionerRoleSearchSchema, practitionerSearchSchema, type PractitionerRoleSearch, type PractitionerSearch } from './dto/fhir.inputs.js';
import { fhirBundleSchema, fhirResourceSchema } from './dto/fhir.outputs.js';
import { FhirBase, FhirIdParam } from './fhir-base.js';
import { FhirDirectoryService } from './fhir-directory.service.js';
import { capabilityStatement } from './mapping/capability-statement.js';
import type { Bundle, FhirResource } from './mapping/fhir-types.js';
import { FHIR_JSON, OperationOutcomeFilter } from './operation-outcome.filter.js';

const MEDIA = 'application/fhir+json';

/** FHIR R4: the CapabilityStatement, Practitioner and PractitionerRole (verified doctors, public). */
@ApiTags('fhir')
@Controller('fhir/R4')
@UseFilters(OperationOutcomeFilter)
export class FhirDirectoryController {
  constructor(private readonly directory: FhirDirectoryService) {}

  @Get('metadata')
  @Public()
  @Header('content-type', FHIR_JSON)
  @Operation({
    id: 'getFhirCapabilityStatement',
    summary: 'FHIR CapabilityStatement',
    description: 'The resources, interactions and search parameters this FHIR R4 endpoint serves, exactly.',
    ok: { description: 'A CapabilityStatement', schema: fhirResourceSchema, mediaType: MEDIA },
  })
  metadata(@FhirBase() base: string): FhirResource {
    return capabilityStatement(base);
  }

  @Get('Practitioner')
  @Public()
  @Header('content-type', FHIR_JSON)
  @Operation({
    id: 'searchFhirPractitioners',
    summary: 'Search FHIR Practitioners',
    description: 'Verified doctors as Practitioners, a page at a time (`_count`, then the `next` link). `name`: the directory’s free-text search.',
    ok: { description: 'A searchset Bundle of Practitioners', schema: fhirBundleSchema, mediaType: MEDIA },
  })
  searchPractitioners(@FhirBase() base: string, @ValidQuery(practitionerSearchSchema) query: PractitionerSearch): Promise<Bundle> {
    return this.directory.searchPractitioners(base, query);
  }

  @Get('Practitioner/:id')
  @Public()
  @Header('content-type', FHIR_JSON)
  @Operation({
    id: 'readFhirPractitioner',
    summary: 'A FHIR Practitioner',
    description: 'A verified doctor: name, qualifications, languages. Any other id (an unverified doctor’s too) is 404.',
    ok: { description: 'A Practitioner', schema: fhirResourceSchema, mediaType: MEDIA },
  })
  practitioner(@FhirIdParam() id: string): Promise<FhirResource> {
    return this.directory.practitioner(id);
  }

  @Get('PractitionerRole')
  @Public()
  @Header('content-type', FHIR_JSON)
  @Operation({
    id: 'searchFhirPractitionerRoles',
    summary: 'Search FHIR PractitionerRoles',
    description: 'One role per verified doctor: specialties as codes, locations contained. By `practitioner` or `specialty`.',
    ok: { description: 'A searchset Bundle of PractitionerRoles', schema: fhirBundleSchema, mediaType: MEDIA },
  })
  searchPractitionerRoles(@FhirBase() base: string, @ValidQuery(practitionerRoleSearchSchema) query: PractitionerRoleSearch): Promise<Bundle> {
    return this.directory.searchPractitionerRoles(base, query);
  }

  @Get('PractitionerRole/:id')
  @Public()
  @Header('content-type', FHIR_JSON)
  @Operation({
    id: 'readFhirPractitionerRole',
    summary: 'A FHIR PractitionerRole',
    description: 'The role of a verified doctor (the same id as the Practitioner); anything else is 404.',
    ok: { description: 'A PractitionerRole', schema: fhirResourceSchema, mediaType: MEDIA },
  })
  practitionerRole(@FhirIdParam() id: string): Promise<FhirResource> {
    return this.directory.practitionerRole(id);
  }
}
