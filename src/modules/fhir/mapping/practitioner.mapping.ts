import type { DoctorCardDto, DoctorDto } from '../../doctors/dto/doctor.outputs.js';
import { SYSTEMS, type CodeableConcept, type FhirResource } from './fhir-types.js';

/**
 * A verified doctor as a FHIR Practitioner: name, qualifications and languages. No telecom:
 * the only contact data we hold is the doctor's account e-mail, which is private. Callers
 * hand in the public view (`DoctorsService.get` without a viewer), so the licence number and
 * the admin's note are not even in the input.
 */
export function toPractitioner(doctor: DoctorDto | DoctorCardDto): FhirResource {
  const practitioner: FhirResource = {
    resourceType: 'Practitioner',
    id: doctor.id,
    active: true,
    name: [{ use: 'official', text: doctor.fullName }],
  };
  if ('qualifications' in doctor && doctor.qualifications.length > 0) {
    practitioner.qualification = doctor.qualifications.map((q) => ({
      code: { text: q.degree },
      period: { start: String(q.year) },
      issuer: { display: q.institution },
    }));
  }
  if (doctor.languages.length > 0) {
    practitioner.communication = doctor.languages.map((code) => ({ coding: [{ system: SYSTEMS.language, code }] }));
  }
  return practitioner;
}

export function specialtyConcepts(doctor: Pick<DoctorDto, 'specialties'>): CodeableConcept[] {
  return doctor.specialties.map((s) => ({ coding: [{ system: SYSTEMS.specialty, code: s.code, display: s.name }], text: s.name }));
}

/**
 * One role per doctor, with the same id: the specialties as codes and the practice locations,
 * contained in the role (they have no endpoint of their own, so a `#id` reference resolves
 * inside the resource).
 */
export function toPractitionerRole(doctor: DoctorDto | DoctorCardDto): FhirResource {
  const role: FhirResource = {
    resourceType: 'PractitionerRole',
    id: doctor.id,
    active: true,
    practitioner: { reference: `Practitioner/${doctor.id}`, display: doctor.fullName },
  };
  if (doctor.locations.length > 0) {
    role.contained = doctor.locations.map((l) => ({
      resourceType: 'Location',
      id: l.id,
      status: 'active',
      name: l.name,
      address: { text: l.address, city: l.city, country: l.country },
    }));
    role.location = doctor.locations.map((l) => ({ reference: `#${l.id}`, display: l.name }));
  }
  if (doctor.specialties.length > 0) role.specialty = specialtyConcepts(doctor);
  return role;
}
