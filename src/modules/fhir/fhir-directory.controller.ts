import { Inject } from '@nestjs/common';
import { Public } from '../../common/auth/policy.js';
import { ValidQuery } from '../../common/validation/zod-validation.js';
import { practitionerRoleSearchSchema, practitionerSearchSchema, type PractitionerRoleSearch, type PractitionerSearch } from './dto/fhir.inputs.js';
import { fhirResourceSchema } from './dto/fhir.outputs.js';
import { FHIR_BASE_URL, FhirIdParam } from './fhir-base.js';
import { FhirDirectoryService } from './fhir-directory.service.js';
import { FhirController, FhirGet, FhirRead, FhirSearch } from './fhir-routes.js';
import { capabilityStatement } from './mapping/capability-statement.js';
import type { Bundle, FhirResource } from './mapping/fhir-types.js';

/** FHIR R4: the CapabilityStatement, Practitioner and PractitionerRole (verified doctors, public). */
@FhirController('fhir/R4')
@Public()
export class FhirDirectoryController {
  constructor(
    private readonly directory: FhirDirectoryService,
    @Inject(FHIR_BASE_URL) private readonly base: string,
  ) {}

  @FhirGet('metadata', {
    id: 'getFhirCapabilityStatement',
    summary: 'FHIR CapabilityStatement',
    description: 'The resources, interactions and search parameters this FHIR R4 endpoint serves, exactly.',
    ok: { description: 'A CapabilityStatement', schema: fhirResourceSchema },
  })
  metadata(): FhirResource {
    return capabilityStatement(this.base);
  }

  @FhirSearch('Practitioner', {
    id: 'searchFhirPractitioners',
    description: 'Verified doctors as Practitioners, a page at a time (`_count`, then the `next` link). `name`: the directory’s free-text search.',
  })
  searchPractitioners(@ValidQuery(practitionerSearchSchema) query: PractitionerSearch): Promise<Bundle> {
    return this.directory.searchPractitioners(this.base, query);
  }

  @FhirRead('Practitioner', {
    id: 'readFhirPractitioner',
    description: 'A verified doctor: name, qualifications, languages. Any other id (an unverified doctor’s too) is 404.',
    ok: 'A Practitioner',
  })
  practitioner(@FhirIdParam() id: string): Promise<FhirResource> {
    return this.directory.practitioner(id);
  }

  @FhirSearch('PractitionerRole', {
    id: 'searchFhirPractitionerRoles',
    description: 'One role per verified doctor: specialties as codes, locations contained. By `practitioner` or `specialty`.',
  })
  searchPractitionerRoles(@ValidQuery(practitionerRoleSearchSchema) query: PractitionerRoleSearch): Promise<Bundle> {
    return this.directory.searchPractitionerRoles(this.base, query);
  }

  @FhirRead('PractitionerRole', {
    id: 'readFhirPractitionerRole',
    description: 'The role of a verified doctor (the same id as the Practitioner); anything else is 404.',
    ok: 'A PractitionerRole',
  })
  practitionerRole(@FhirIdParam() id: string): Promise<FhirResource> {
    return this.directory.practitionerRole(id);
  }
}
