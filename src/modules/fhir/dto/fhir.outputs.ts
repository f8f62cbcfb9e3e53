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

const publishedFile = z.object({ type: z.enum(['Location', 'Schedule', 'Slot']), url: z.url().max(300) });

/** The SMART Scheduling Links manifest (https://github.com/smart-on-fhir/smart-scheduling-links/blob/master/specification.md). */
export const publishManifestSchema = z
  .object({
    transactionTime: z.string().max(30).meta({ description: 'The database clock when the manifest was made: the `_since` of the next incremental fetch', format: 'date-time' }),
    request: z.url().max(300).meta({ description: 'The URL this manifest answers' }),
    output: z.array(publishedFile).max(3).meta({ description: 'One NDJSON file per resource type' }),
    error: z.array(publishedFile).max(0).meta({ description: 'Always empty' }),
  })
  .meta({ id: 'FhirPublishManifest', description: 'A SMART Scheduling Links bulk-publish manifest' });

export const ndjsonSchema = z.string().max(1_000_000_000).meta({ description: 'One FHIR R4 resource of the named type per line (application/fhir+ndjson)' });
