/** The parts of FHIR R4 datatypes this server writes (https://hl7.org/fhir/R4/datatypes.html). */
export interface Coding {
  system: string;
  code: string;
  display?: string;
}
export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}
export interface Reference {
  reference?: string;
  type?: string;
  identifier?: { system: string; value: string };
  display?: string;
}
export interface FhirResource {
  resourceType: string;
  id?: string;
  [member: string]: unknown;
}
export interface BundleLink {
  relation: 'self' | 'next';
  url: string;
}
export interface Bundle extends FhirResource {
  resourceType: 'Bundle';
  type: 'searchset';
  link: BundleLink[];
  entry: { fullUrl: string; resource: FhirResource; search: { mode: 'match' | 'include' } }[];
}

/** Code systems of our own: local codes, named by URNs so no one mistakes them for a standard's. */
export const SYSTEMS = {
  specialty: 'urn:ihosi:fhir:specialty',
  appointmentType: 'urn:ihosi:fhir:appointment-type',
  patient: 'urn:ihosi:fhir:patient',
  errorCode: 'urn:ihosi:fhir:error-code',
  language: 'urn:ietf:bcp:47',
} as const;
