import { describe, expect, it } from 'vitest';
import { toSearchBundle } from '../../../src/modules/fhir/mapping/bundle.mapping.js';
import { base36ToUuid, parseScheduleId, parseSlotId, scheduleId, slotId, uuidToBase36 } from '../../../src/modules/fhir/mapping/fhir-ids.js';
import { toOperationOutcome } from '../../../src/modules/fhir/mapping/operation-outcome.mapping.js';
import { toPractitioner, toPractitionerRole } from '../../../src/modules/fhir/mapping/practitioner.mapping.js';
import { toAppointment, toSchedule, toSlot } from '../../../src/modules/fhir/mapping/scheduling.mapping.js';
import { parseDateBounds } from '../../../src/modules/fhir/mapping/search-dates.js';
import { BOOKING_DEEP_LINK, toLocation, toManifest, toPublishedSchedule, toPublishedSlot } from '../../../src/modules/fhir/mapping/publish.mapping.js';
import { capabilityStatement } from '../../../src/modules/fhir/mapping/capability-statement.js';
import type { DoctorDto } from '../../../src/modules/doctors/dto/doctor.outputs.js';
import type { AppointmentDto } from '../../../src/modules/scheduling/appointments/dto/appointment.outputs.js';
import { expectValidFhir } from '../../helpers/fhir.js';

const DOCTOR: DoctorDto = {
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  userId: '16fd2706-8baf-433b-82eb-8c7fada847da',
  fullName: 'Dr Amina Okafor',
  bio: 'Heart doctor',
  specialties: [{ code: 'cardiology', name: 'Cardiology' }],
  yearsOfExperience: 12,
  languages: ['en', 'sw'],
  consultationFee: null,
  consultationModes: ['video'],
  insurancePlans: [],
  photo: null,
  locations: [{ id: '9b2f1d8e-4a7c-4e0a-8f3b-2c1d0e9f8a7b', name: 'Heart Clinic', address: '1 Ngong Road', city: 'Nairobi', country: 'KE', postalCode: null, latitude: -1.3, longitude: 36.78, phone: null, accessibilityNotes: null }],
  timezone: 'Africa/Nairobi',
  verificationStatus: 'verified',
  rating: { average: 0, count: 0 },
  qualifications: [{ degree: 'MD', institution: 'University of Nairobi', year: 2008 }],
  licenseNumber: 'KMPDC-12345',
};
const TYPE = { id: 'a3bb189e-8bf9-4888-9912-ace4e6543002', doctorId: DOCTOR.id, name: 'Consultation', durationMinutes: 30, bufferMinutes: 0, mode: 'video' as const, price: null, active: true, audience: 'any' as const, intakeQuestions: [], reminderOffsetsMinutes: [1440, 120] };
const APPOINTMENT: AppointmentDto = {
  id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
  doctorId: DOCTOR.id,
  patientId: '6ba7b810-9dad-41d1-80b4-00c04fd430c8',
  doctorName: DOCTOR.fullName,
  patientName: 'Pat Patient',
  appointmentType: { id: TYPE.id, name: TYPE.name, durationMinutes: 30 },
  start: '2027-03-08T08:00:00.000Z',
  end: '2027-03-08T08:30:00.000Z',
  mode: 'video',
  status: 'cancelled',
  reason: 'Chest pain',
  cancelledBy: 'patient',
  cancellationReason: 'Feeling better',
  intakeAnswers: [],
  videoUrl: null,
  seriesId: null,
  createdAt: '2027-03-01T10:00:00.000Z',
  updatedAt: '2027-03-02T10:00:00.000Z',
};

describe('FHIR mappings (pure)', () => {
  it('write resources the FHIR R4 JSON schema accepts', () => {
    const key = { doctorId: DOCTOR.id, appointmentTypeId: TYPE.id };
    for (const resource of [
      toPractitioner(DOCTOR),
      toPractitionerRole(DOCTOR),
      toSchedule(DOCTOR, TYPE),
      toSlot({ ...key, typeName: TYPE.name }, { start: APPOINTMENT.start, end: APPOINTMENT.end }),
      toAppointment(APPOINTMENT),
      toAppointment({ ...APPOINTMENT, status: 'no_show', reason: null, cancellationReason: null }),
      toOperationOutcome({ status: 400, code: 'VALIDATION_FAILED', detail: 'bad', fields: [{ field: 'start', message: 'is wrong' }] }),
      capabilityStatement('https://api.example.com/fhir/R4'),
      toSearchBundle('https://api.example.com/fhir/R4', 'Practitioner', { name: 'okafor', _count: 1 }, [toPractitioner(DOCTOR)], 'next-token'),
    ]) {
      expectValidFhir(resource);
    }
  });

  it('the schema check itself refuses what FHIR refuses (an unknown member, a missing required one, a bad code)', () => {
    expect(() => expectValidFhir({ ...toPractitioner(DOCTOR), licenseNumber: 'KMPDC-12345' })).toThrow();
    const { schedule: _schedule, ...noSchedule } = toSlot({ doctorId: DOCTOR.id, appointmentTypeId: TYPE.id, typeName: 'x' }, { start: APPOINTMENT.start, end: APPOINTMENT.end });
    expect(() => expectValidFhir(noSchedule)).toThrow();
    expect(() => expectValidFhir({ ...toAppointment(APPOINTMENT), status: 'confirmed' })).toThrow();
  });

  it('keeps the licence number, the e-mail and the user id out of the Practitioner', () => {
    const text = JSON.stringify([toPractitioner(DOCTOR), toPractitionerRole(DOCTOR)]);
    expect(text).not.toContain('KMPDC');
    expect(text).not.toContain(DOCTOR.userId);
  });

  it('maps every appointment status to a FHIR one', () => {
    expect((['confirmed', 'cancelled', 'completed', 'no_show'] as const).map((status) => toAppointment({ ...APPOINTMENT, status }).status)).toEqual(['booked', 'cancelled', 'fulfilled', 'noshow']);
  });

  it('names schedules and slots with ids of at most 64 characters that read back', () => {
    const key = { doctorId: 'ffffffff-ffff-4fff-bfff-ffffffffffff', appointmentTypeId: '00000000-0000-4000-8000-000000000000' };
    expect(base36ToUuid(uuidToBase36(key.doctorId))).toBe(key.doctorId);
    expect(parseScheduleId(scheduleId(key))).toEqual(key);
    const start = new Date('2099-12-31T23:30:00Z');
    const id = slotId(key, start);
    expect(id).toMatch(/^[A-Za-z0-9.-]{1,64}$/);
    expect(parseSlotId(id)).toEqual({ key, start });
    expect(parseScheduleId('nonsense')).toBeNull();
    expect(parseScheduleId('zzzzzzzzzzzzzzzzzzzzzzzzz.1')).toBeNull();
    expect(parseSlotId('a.b')).toBeNull();
  });

  it('reads FHIR date search values as a half-open range', () => {
    expect(parseDateBounds('date', ['2027-03-08'])).toEqual({ from: new Date('2027-03-08T00:00:00Z'), to: new Date('2027-03-09T00:00:00Z') });
    expect(parseDateBounds('date', ['ge2027-03-08T09:00:00Z', 'lt2027-03-08T10:00:00+01:00'])).toEqual({ from: new Date('2027-03-08T09:00:00Z'), to: new Date('2027-03-08T09:00:00Z') });
    expect(parseDateBounds('date', ['gt2027-03-08', 'le2027-03-09'])).toEqual({ from: new Date('2027-03-09T00:00:00Z'), to: new Date('2027-03-10T00:00:00Z') });
    expect(parseDateBounds('date', ['2027-03-08T09:00:00'])).toEqual({ field: 'date', message: expect.any(String) });
    expect(parseDateBounds('date', ['sa2027-03-08'])).toEqual({ field: 'date', message: expect.any(String) });
  });

  it('links the next page with the same parameters and the page token', () => {
    const bundle = toSearchBundle('https://x/fhir/R4', 'Slot', { schedule: 's', start: ['ge2027-03-08', 'lt2027-03-09'], _count: 2, _page: undefined }, [], 'abc');
    expect(bundle.link).toEqual([
      { relation: 'self', url: 'https://x/fhir/R4/Slot?schedule=s&start=ge2027-03-08&start=lt2027-03-09&_count=2' },
      { relation: 'next', url: 'https://x/fhir/R4/Slot?schedule=s&start=ge2027-03-08&start=lt2027-03-09&_count=2&_page=abc' },
    ]);
  });
});

describe('SMART Scheduling Links mappings (pure)', () => {
  const inPerson = { ...TYPE, mode: 'in_person' as const };

  it('writes a Location with only what the doctor gave (no phone, no postal code) that the FHIR R4 schema accepts', () => {
    const location = toLocation(DOCTOR.locations[0]!);
    expectValidFhir(location);
    expect(location).toEqual({
      resourceType: 'Location',
      id: DOCTOR.locations[0]!.id,
      status: 'active',
      name: 'Heart Clinic',
      address: { line: ['1 Ngong Road'], city: 'Nairobi', country: 'KE' },
      position: { latitude: -1.3, longitude: 36.78 },
    });
    expect(toLocation({ ...DOCTOR.locations[0]!, latitude: null, longitude: null }).position).toBeUndefined();
  });

  it('names the Locations as Schedule actors for visits in person only', () => {
    const refs = (type: typeof TYPE | typeof inPerson) => (toPublishedSchedule(DOCTOR, type).actor as { reference: string }[]).map((a) => a.reference);
    expect(refs(TYPE)).toEqual([`Practitioner/${DOCTOR.id}`]);
    expect(refs(inPerson)).toEqual([`Practitioner/${DOCTOR.id}`, `Location/${DOCTOR.locations[0]!.id}`]);
    expectValidFhir(toPublishedSchedule(DOCTOR, inPerson));
  });

  it('links each Slot to booking it, keeping the booking URL’s own query', () => {
    const slot = toPublishedSlot(DOCTOR, TYPE, { start: '2027-03-08T08:00:00.000Z', end: '2027-03-08T08:30:00.000Z' }, 'https://app.example.com/book?lang=sw');
    expectValidFhir(slot);
    const link = new URL((slot.extension as { url: string; valueUrl: string }[]).find((e) => e.url === BOOKING_DEEP_LINK)!.valueUrl);
    expect(Object.fromEntries(link.searchParams)).toEqual({ lang: 'sw', doctor: DOCTOR.id, appointmentType: TYPE.id, start: '2027-03-08T08:00:00.000Z' });
  });

  it('writes the manifest with _since carried into every URL', () => {
    const manifest = toManifest('https://api.example.com/fhir/R4', new Date('2027-03-01T10:00:00Z'), '2027-02-28T00:00:00.000Z');
    expect(manifest).toEqual({
      transactionTime: '2027-03-01T10:00:00.000Z',
      request: 'https://api.example.com/fhir/R4/$bulk-publish?_since=2027-02-28T00%3A00%3A00.000Z',
      output: ['Location', 'Schedule', 'Slot'].map((type) => ({ type, url: `https://api.example.com/fhir/R4/$bulk-publish/${type}.ndjson?_since=2027-02-28T00%3A00%3A00.000Z` })),
      error: [],
    });
  });
});
