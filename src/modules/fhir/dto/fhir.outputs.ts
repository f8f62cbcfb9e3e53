import { z } from 'zod';

/**
 * The OpenAPI document's view of FHIR bodies: the resource type and id, and a pointer to the
 * FHIR R4 specification for the rest (a JSON schema of FHIR is far larger than this document).
 * The tests hold every served body to the official FHIR R4 JSON schema instead.
 */
const resourceFields = {
  resourceType: z.string().max(64).regex(/^[A-Z][A-Za-z]+$/).meta({ example: 'Practitioner' }),
  id: z.string().max(64).regex(/^[A-Za-z0-9.-]{1,64}$/).optional().meta({ description: 'FHIR logical id: at most 64 of A-Z a-z 0-9 - .' }),
};

// Loose: every other member is the FHIR specification's to define (and the tests' to check).
export const fhirResourceSchema = z
  .looseObject(resourceFields)
  .meta({ id: 'FhirResource', description: 'A FHIR R4 resource (https://hl7.org/fhir/R4/); its members as the specification defines them for its resourceType' });

export const fhirBundleSchema = z
  .object({
    resourceType: z.literal('Bundle'),
    type: z.literal('searchset'),
    link: z.array(z.object({ relation: z.enum(['self', 'next']), url: z.url().max(4_000) })).max(2),
    entry: z
      .array(z.object({ fullUrl: z.url().max(300), resource: fhirResourceSchema, search: z.object({ mode: z.enum(['match', 'include']) }) }))
      .max(100),
  })
  .meta({ id: 'FhirBundle', description: 'A FHIR R4 searchset Bundle (https://hl7.org/fhir/R4/bundle.html); follow the `next` link for the next page' });
