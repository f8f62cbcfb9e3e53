import { createHash } from 'node:crypto';
import type { AppointmentDto } from '../scheduling/appointments/dto/appointment.outputs.js';
import { SYSTEMS, type FhirResource } from '../fhir/mapping/fhir-types.js';
import { toAppointment } from '../fhir/mapping/scheduling.mapping.js';
import type { AccountExportDto } from './dto/account-export.outputs.js';

/** A FHIR R4 `collection` Bundle (https://hl7.org/fhir/R4/bundle.html) of an account export. */
export interface CollectionBundle extends FhirResource {
  resourceType: 'Bundle';
  type: 'collection';
  timestamp: string;
  entry: { fullUrl: string; resource: FhirResource }[];
}

/**
 * The export as FHIR: the caller (a Patient; a Person for doctors and admins, who are no one's
 * patient here), their appointments as the FHIR read side maps them, one
 * QuestionnaireResponse per appointment with intake answers, and a patient's acceptances of
 * the terms as Consent resources. Entries are named by `urn:uuid:`.
 */
export function toExportBundle(data: AccountExportDto): CollectionBundle {
  const subject = toSubject(data);
  const entries: FhirResource[] = [subject];
  for (const appointment of data.appointments) {
    entries.push(toAppointment(appointment));
    if (appointment.intakeAnswers.length > 0) entries.push(toQuestionnaireResponse(appointment, `urn:uuid:${data.account.id}`));
  }
  // Consent.patient can only name a Patient: doctors' and admins' acceptances stay in the JSON export.
  if (subject.resourceType === 'Patient') entries.push(...data.consents.map((consent, i) => toConsent(consent, data.account.id, i === 0)));
  return {
    resourceType: 'Bundle',
    id: derivedUuid(`export:${data.account.id}:${data.exportedAt}`),
    type: 'collection',
    timestamp: data.exportedAt,
    entry: entries.map((resource) => ({ fullUrl: `urn:uuid:${resource.id as string}`, resource })),
  };
}

function toSubject(data: AccountExportDto): FhirResource {
  const a = data.account;
  const telecom = [{ system: 'email', value: a.email }, ...(a.phone ? [{ system: 'phone', value: a.phone }] : [])];
  const resource: FhirResource = {
    resourceType: resourceTypeOf(a.role),
    id: a.id,
    identifier: [{ system: SYSTEMS.patient, value: a.id }],
    name: [{ text: a.fullName }],
    telecom,
  };
  if (a.dateOfBirth) resource.birthDate = a.dateOfBirth;
  if (resource.resourceType === 'Patient') resource.communication = [{ language: { coding: [{ system: SYSTEMS.language, code: a.locale }] }, preferred: true }];
  return resource;
}

function resourceTypeOf(role: AccountExportDto['account']['role']): 'Patient' | 'Person' {
  switch (role) {
    case 'patient':
      return 'Patient';
    default:
      return 'Person';
  }
}

/** The intake answers of a booking, with the questions as they were asked. */
export function toQuestionnaireResponse(appointment: AppointmentDto, subject: string): FhirResource {
  return {
    resourceType: 'QuestionnaireResponse',
    id: derivedUuid(`intake:${appointment.id}`),
    identifier: { system: 'urn:ihosi:fhir:appointment', value: appointment.id },
    status: 'completed',
    subject: { reference: subject },
    authored: appointment.createdAt,
    item: appointment.intakeAnswers.map((a) => ({
      linkId: a.questionId,
      text: a.question,
      answer: [typeof a.answer === 'boolean' ? { valueBoolean: a.answer } : { valueString: a.answer }],
    })),
  };
}

/**
 * One acceptance of the terms of use and privacy notice as an R4 Consent: a privacy consent
 * (scope `patient-privacy`, LOINC 59284-0 "Patient Consent") to the policy named by its
 * version. The newest acceptance is `active`; the ones it replaced are `inactive`.
 */
export function toConsent(consent: AccountExportDto['consents'][number], patientId: string, newest: boolean): FhirResource {
  return {
    resourceType: 'Consent',
    id: derivedUuid(`consent:${patientId}:${consent.termsVersion}`),
    status: newest ? 'active' : 'inactive',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy', display: 'Privacy Consent' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    patient: { reference: `urn:uuid:${patientId}` },
    dateTime: consent.acceptedAt,
    policy: [{ uri: `urn:ihosi:terms:${encodeURIComponent(consent.termsVersion)}` }],
  };
}

/** A UUID derived from `name` (stable for the same name), for resources that have no id of their own. */
function derivedUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
