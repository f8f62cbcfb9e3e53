import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleId, slotId } from '../../../src/modules/fhir/mapping/fhir-ids.js';
import { adminToken, DOCTORS_TEST_ENV } from '../../helpers/doctors.js';
import { createBookableDoctor, createPatient, type BookableDoctor, type TestPatient } from '../../helpers/factories.js';
import { expectOutcome, expectReferencesResolve, expectValidFhir, fhirBody, fhirGet, type FhirJson } from '../../helpers/fhir.js';
import { bookOk, setNow, slotStarts } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

// A Monday; the days asked about are the week after.
const NOW = '2027-03-01T00:00:00.000Z';

type Entry = { resource: FhirJson };

async function walkSlots(t: TestApp, first: string): Promise<{ starts: string[]; pages: number }> {
  const starts: string[] = [];
  let url: string | undefined = first;
  let pages = 0;
  while (url) {
    const bundle = fhirBody(await fhirGet(t, url));
    pages += 1;
    starts.push(...bundle.entry.map((e: Entry) => e.resource.start as string));
    const next = bundle.link.find((l: { relation: string }) => l.relation === 'next');
    url = next ? new URL(next.url).pathname + new URL(next.url).search : undefined;
    expect(pages).toBeLessThan(50);
  }
  return { starts, pages };
}

describe('FHIR R4: Schedule, Slot, Appointment', () => {
  let t: TestApp;
  let doctor: BookableDoctor;
  let other: BookableDoctor;
  let patient: TestPatient;
  let stranger: TestPatient;
  let admin: string;
  let appointmentId: string;
  beforeAll(async () => {
    t = await startTestApp({ env: DOCTORS_TEST_ENV });
    setNow(t, NOW);
    admin = await adminToken(t);
    doctor = await createBookableDoctor(t, { weekly: [{ day: 'monday', start: '09:00', end: '12:00' }], timezone: 'Europe/Berlin' });
    other = await createBookableDoctor(t);
    patient = await createPatient(t, 'Pat Patient');
    stranger = await createPatient(t, 'Sam Stranger');
    appointmentId = (await bookOk(t, patient.token, doctor, '2027-03-08T08:00:00.000Z', 'Chest pain')).id;
  });
  afterAll(() => t.close());

  it('lists a verified doctor’s Schedules by actor, one per active type, and reads each; references resolve', async () => {
    const bundle = fhirBody(await fhirGet(t, `/fhir/R4/Schedule?actor=Practitioner/${doctor.doctorId}`));
    expect(bundle.entry).toHaveLength(1);
    const schedule = bundle.entry[0].resource;
    expect(schedule).toMatchObject({
      resourceType: 'Schedule',
      id: scheduleId({ doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId }),
      actor: [{ reference: `Practitioner/${doctor.doctorId}` }],
      serviceType: [{ coding: [{ code: doctor.typeId, display: 'Consultation' }] }],
    });
    expect(schedule.id.length).toBeLessThanOrEqual(64);
    expect(fhirBody(await fhirGet(t, `/fhir/R4/Schedule/${schedule.id}`))).toEqual(schedule);
    await expectReferencesResolve(t, bundle);
    // Another doctor's type under this doctor's id names nothing.
    expectOutcome(await fhirGet(t, `/fhir/R4/Schedule/${scheduleId({ doctorId: doctor.doctorId, appointmentTypeId: other.typeId })}`), 404, 'NOT_FOUND');
    expectOutcome(await fhirGet(t, '/fhir/R4/Schedule/nonsense'), 404, 'NOT_FOUND');
  });

  it('searches free Slots with the same starts the REST slots endpoint offers, a page at a time', async () => {
    const schedule = scheduleId({ doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId });
    const rest = await slotStarts(t, doctor, '2027-03-08', '2027-03-21', 'UTC');
    expect(rest.length).toBeGreaterThan(4);
    expect(rest).not.toContain('2027-03-08T08:00:00.000Z'); // booked
    const query = `schedule=Schedule/${schedule}&start=ge2027-03-08T00:00:00Z&start=lt2027-03-22T00:00:00Z&status=free`;
    const all = await walkSlots(t, `/fhir/R4/Slot?${query}&_count=100`);
    expect(all).toEqual({ starts: rest, pages: 1 });
    const paged = await walkSlots(t, `/fhir/R4/Slot?${query}&_count=2`);
    expect(paged.starts).toEqual(rest);
    expect(paged.pages).toBe(Math.ceil(rest.length / 2));

    const bundle = fhirBody(await fhirGet(t, `/fhir/R4/Slot?${query}&_count=1`));
    expect(bundle.entry[0].resource).toMatchObject({ resourceType: 'Slot', status: 'free', schedule: { reference: `Schedule/${schedule}` } });
    expect(bundle.entry[0].resource.id.length).toBeLessThanOrEqual(64);
    await expectReferencesResolve(t, bundle);
  });

  it('cuts the days to the instants asked for', async () => {
    const schedule = scheduleId({ doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId });
    // 09:00–12:00 Berlin is 08:00–11:00 UTC; 08:00 is booked.
    const { starts } = await walkSlots(t, `/fhir/R4/Slot?schedule=${schedule}&start=ge2027-03-08T08:30:00Z&start=lt2027-03-08T10:00:00Z`);
    expect(starts).toEqual(['2027-03-08T08:30:00.000Z', '2027-03-08T09:00:00.000Z', '2027-03-08T09:30:00.000Z']);
  });

  it('reads a free Slot by id, and answers 404 once it is booked or for an id that names none', async () => {
    const key = { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId };
    const free = fhirBody(await fhirGet(t, `/fhir/R4/Slot/${slotId(key, new Date('2027-03-08T09:00:00Z'))}`));
    expect(free).toMatchObject({ resourceType: 'Slot', status: 'free', start: '2027-03-08T09:00:00.000Z', end: '2027-03-08T09:30:00.000Z' });
    expectOutcome(await fhirGet(t, `/fhir/R4/Slot/${slotId(key, new Date('2027-03-08T08:00:00Z'))}`), 404, 'NOT_FOUND');
    expectOutcome(await fhirGet(t, `/fhir/R4/Slot/${slotId(key, new Date('2027-03-08T08:10:00Z'))}`), 404, 'NOT_FOUND');
    expectOutcome(await fhirGet(t, '/fhir/R4/Slot/nonsense'), 404, 'NOT_FOUND');
  });

  it('refuses a Slot search without both bounds, or over 62 days, with 400; an unknown schedule finds nothing', async () => {
    const schedule = scheduleId({ doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId });
    expectOutcome(await fhirGet(t, `/fhir/R4/Slot?schedule=${schedule}&start=ge2027-03-08`), 400, 'VALIDATION_FAILED');
    expectOutcome(await fhirGet(t, `/fhir/R4/Slot?schedule=${schedule}&start=ge2027-03-08&start=lt2027-06-08`), 400, 'VALIDATION_FAILED');
    expectOutcome(await fhirGet(t, `/fhir/R4/Slot?schedule=${schedule}&start=soon&start=lt2027-06-08`), 400, 'VALIDATION_FAILED');
    expectOutcome(await fhirGet(t, `/fhir/R4/Slot?start=ge2027-03-08&start=lt2027-03-09`), 400, 'VALIDATION_FAILED');
    const none = fhirBody(await fhirGet(t, '/fhir/R4/Slot?schedule=nonsense&start=ge2027-03-08&start=lt2027-03-09'));
    expect(none.entry).toEqual([]);
  });

  it('shows an Appointment to its patient, its doctor and admins; 404 to anyone else, 401 without a token', async () => {
    for (const token of [patient.token, doctor.token, admin]) {
      const appointment = fhirBody(await fhirGet(t, `/fhir/R4/Appointment/${appointmentId}`, token));
      expect(appointment).toMatchObject({
        resourceType: 'Appointment',
        id: appointmentId,
        status: 'booked',
        start: '2027-03-08T08:00:00.000Z',
        end: '2027-03-08T08:30:00.000Z',
        comment: 'Chest pain',
        participant: [
          { actor: { reference: `Practitioner/${doctor.doctorId}` } },
          { actor: { type: 'Patient', identifier: { value: patient.userId }, display: 'Pat Patient' } },
        ],
      });
      await expectReferencesResolve(t, appointment, token);
    }
    for (const token of [stranger.token, other.token]) expectOutcome(await fhirGet(t, `/fhir/R4/Appointment/${appointmentId}`, token), 404, 'NOT_FOUND');
    expectOutcome(await fhirGet(t, `/fhir/R4/Appointment/${appointmentId}`), 401, 'UNAUTHENTICATED');
    expectOutcome(await fhirGet(t, '/fhir/R4/Appointment?patient=x'), 401, 'UNAUTHENTICATED');
    expectOutcome(await fhirGet(t, '/fhir/R4/Appointment/not-an-id', patient.token), 404, 'NOT_FOUND');
  });

  it('searches Appointments within the caller’s own: patient, practitioner and date narrow, never widen', async () => {
    const ids = async (query: string, token: string) => {
      const bundle = fhirBody(await fhirGet(t, `/fhir/R4/Appointment?${query}`, token));
      bundle.entry.forEach((e: Entry) => expectValidFhir(e.resource));
      return bundle.entry.map((e: Entry) => e.resource.id as string);
    };
    expect(await ids(`patient=Patient/${patient.userId}`, patient.token)).toEqual([appointmentId]);
    expect(await ids(`patient=${patient.userId}`, stranger.token)).toEqual([]);
    expect(await ids('', stranger.token)).toEqual([]);
    expect(await ids(`practitioner=Practitioner/${doctor.doctorId}`, doctor.token)).toEqual([appointmentId]);
    expect(await ids(`practitioner=${doctor.doctorId}`, other.token)).toEqual([]);
    expect(await ids(`practitioner=${doctor.doctorId}&patient=${patient.userId}`, admin)).toEqual([appointmentId]);
    expect(await ids(`patient=${stranger.userId}`, admin)).toEqual([]);
    expect(await ids('date=2027-03-08', patient.token)).toEqual([appointmentId]);
    expect(await ids('date=ge2027-03-09', patient.token)).toEqual([]);
    expect(await ids('date=lt2027-03-08T08:00:00Z', patient.token)).toEqual([]);
    expect(await ids('patient=nonsense', admin)).toEqual([]);
  });

  it('pages Appointments with _count and next links', async () => {
    const second = (await bookOk(t, patient.token, doctor, '2027-03-15T08:00:00.000Z')).id;
    const first = fhirBody(await fhirGet(t, `/fhir/R4/Appointment?patient=${patient.userId}&_count=1`, patient.token));
    expect(first.entry.map((e: Entry) => e.resource.id)).toEqual([appointmentId]);
    const next = first.link.find((l: { relation: string }) => l.relation === 'next');
    expect(next.url).toMatch(/_page=/);
    const page2 = fhirBody(await fhirGet(t, new URL(next.url).pathname + new URL(next.url).search, patient.token));
    expect(page2.entry.map((e: Entry) => e.resource.id)).toEqual([second]);
    expect(page2.link.find((l: { relation: string }) => l.relation === 'next')).toBeUndefined();
  });
});
