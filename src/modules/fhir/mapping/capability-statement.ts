import type { FhirResource } from './fhir-types.js';

/** A search parameter as the CapabilityStatement names it; `_count` and `_page` are result parameters, not listed. */
export interface SearchParameterInfo {
  name: string;
  type: 'string' | 'token' | 'reference' | 'date';
  documentation: string;
}

export interface ResourceCapability {
  type: string;
  /** `read`: GET /fhir/R4/<type>/:id is served. */
  read: boolean;
  /** GET /fhir/R4/<type> with these parameters is served (search-type). */
  search: SearchParameterInfo[];
  /** Signed-in callers only (a bearer token, as the REST API). */
  signedIn: boolean;
  documentation: string;
}

/**
 * What the FHIR face serves, in one table: the controllers serve these and only these (a test
 * walks the routes and the query schemas against it), and /metadata says exactly this.
 */
export const FHIR_RESOURCES: readonly ResourceCapability[] = [
  {
    type: 'Practitioner',
    read: true,
    search: [{ name: 'name', type: 'string', documentation: 'Words of the name, tolerant of typos (the directory search)' }],
    signedIn: false,
    documentation: 'Verified doctors only: name, qualifications, languages.',
  },
  {
    type: 'PractitionerRole',
    read: true,
    search: [
      { name: 'practitioner', type: 'reference', documentation: 'Practitioner/<id>' },
      { name: 'specialty', type: 'token', documentation: 'A specialty code (urn:ihosi:fhir:specialty)' },
    ],
    signedIn: false,
    documentation: 'One per verified doctor (same id): specialties as codes, locations contained.',
  },
  {
    type: 'Schedule',
    read: true,
    search: [{ name: 'actor', type: 'reference', documentation: 'Practitioner/<id>; required' }],
    signedIn: false,
    documentation: 'One per verified doctor and active appointment type.',
  },
  {
    type: 'Slot',
    read: true,
    search: [
      { name: 'schedule', type: 'reference', documentation: 'Schedule/<id>; required' },
      { name: 'start', type: 'date', documentation: 'ge<instant> and lt<instant>, both required, at most 62 days apart' },
      { name: 'status', type: 'token', documentation: 'free (the only status published)' },
    ],
    signedIn: false,
    documentation: 'Free slots, computed by the same slot engine as GET /api/v1/doctors/{id}/slots.',
  },
  {
    type: 'Appointment',
    read: true,
    search: [
      { name: 'patient', type: 'reference', documentation: 'Patient/<user id> or the id' },
      { name: 'practitioner', type: 'reference', documentation: 'Practitioner/<id>' },
      { name: 'date', type: 'date', documentation: 'The start; prefixes eq, ge, gt, le, lt' },
    ],
    signedIn: true,
    documentation: 'Participants and admins only, as GET /api/v1/appointments; anything else is 404.',
  },
];

/** Operations served at the system level (`GET /fhir/R4/$<name>`), each with the files its answer names. */
export const FHIR_OPERATIONS = [
  {
    name: 'bulk-publish',
    // SMART Scheduling Links publishes no OperationDefinition; its specification is the definition.
    definition: 'https://github.com/smart-on-fhir/smart-scheduling-links/blob/master/specification.md',
    documentation:
      'SMART Scheduling Links: a manifest of NDJSON files of Location, Schedule and Slot (GET /fhir/R4/$bulk-publish/<type>.ndjson) for verified doctors over the next PUBLISH_DAYS days; `_since` (an instant) for incremental fetches. Public.',
    files: ['Location.ndjson', 'Schedule.ndjson', 'Slot.ndjson'],
  },
] as const;

/** The CapabilityStatement of this server at `base`; `date` is when this statement last changed. */
export function capabilityStatement(base: string): FhirResource {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-30',
    publisher: 'iHosi',
    kind: 'instance',
    software: { name: 'iHosi' },
    implementation: { description: 'iHosi FHIR R4 read side', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation: 'Read-only. Public resources need no token; Appointment needs a bearer token, as the REST API. Pages: `_count` (1..100, default 20) and the `next` link.',
        security: { cors: true, description: 'Authorization: Bearer <access token from POST /api/v1/auth/login>; needed for Appointment only.' },
        resource: FHIR_RESOURCES.map((r) => ({
          type: r.type,
          documentation: r.documentation,
          interaction: [...(r.read ? [{ code: 'read' }] : []), { code: 'search-type' }],
          searchParam: r.search.map((p) => ({ name: p.name, type: p.type, documentation: p.documentation })),
        })),
        operation: FHIR_OPERATIONS.map((o) => ({ name: o.name, definition: o.definition, documentation: o.documentation })),
      },
    ],
  };
}
