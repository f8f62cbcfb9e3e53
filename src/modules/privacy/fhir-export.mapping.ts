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
 * patient here), their appointments as the FHIR read side maps them, and one
 * QuestionnaireResponse per appointment with intake answers. Entries are named by `urn:uuid:`.
 */
export function toExportBundle(data: AccountExportDto): CollectionBundle {
  const subject = toSubject(data);
  const entries: FhirResource[] = [subject];
  for (const appointment of data.appointments) {
    entries.push(toAppointment(appointment));
    if (appointment.intakeAnswers.length > 0) entries.push(toQuestionnaireResponse(appointment, `urn:uuid:${data.account.id}`));
  }
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

/** A UUID derived from `name` (stable for the same name), for resources that have no id of their own. */
function derivedUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
