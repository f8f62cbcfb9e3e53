import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from 'light-my-request';
import { scheduleId } from '../../../src/modules/fhir/mapping/fhir-ids.js';
import { BOOKING_DEEP_LINK, BOOKING_PHONE } from '../../../src/modules/fhir/mapping/publish.mapping.js';
import { bearer } from '../../helpers/auth.js';
import { createBookableDoctor, createDoctor, createPatient, profile, type BookableDoctor, type TestDoctor, type TestPatient } from '../../helpers/factories.js';
import { expectOutcome, expectValidFhir, fhirBody, fhirGet, type FhirJson } from '../../helpers/fhir.js';
import { bookOk, setNow, slotStarts } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

// A Monday; the doctors see patients on Mondays only, so a 10-day window holds two Mondays (1st and 8th), not the 15th.
const NOW = '2027-03-01T00:00:00.000Z';
const PUBLISH_DAYS = 10;
const MONDAYS = { weekly: [{ day: 'monday', start: '09:00', end: '11:00' }] };
const LOCATION = { name: 'Heart Clinic', address: '1 Ngong Road', city: 'Nairobi', country: 'KE', postalCode: '00100', latitude: -1.3, longitude: 36.8, phone: '+254 20 1234567' };

function ndjson(response: Response): FhirJson[] {
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/fhir\+ndjson/);
  expect(response.headers['cache-control']).toBe('public, max-age=300');
  if (response.body === '') return [];
  expect(response.body.endsWith('\n')).toBe(true);
  const resources = response.body.slice(0, -1).split('\n').map((line) => JSON.parse(line) as FhirJson);
  resources.forEach(expectValidFhir);
  return resources;
}

describe('FHIR R4: SMART Scheduling Links ($bulk-publish)', () => {
  let t: TestApp;
  let inPerson: BookableDoctor;
  let video: BookableDoctor;
  let pending: TestDoctor;
  let patient: TestPatient;
  const files = async (since?: string) => {
    const query = since ? `?_since=${encodeURIComponent(since)}` : '';
    const [locations, schedules, slots] = await Promise.all(
      ['Location', 'Schedule', 'Slot'].map(async (type) => ndjson(await fhirGet(t, `/fhir/R4/$bulk-publish/${type}.ndjson${query}`))),
    );
    return { locations: locations!, schedules: schedules!, slots: slots! };
  };
  const manifest = async (query = '') => {
    const response = await fhirGet(t, `/fhir/R4/$bulk-publish${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as FhirJson;
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLISH_DAYS: String(PUBLISH_DAYS), PUBLISH_BOOKING_URL: 'https://book.example.com/book' } });
    setNow(t, NOW);
    inPerson = await createBookableDoctor(t, { profile: profile({ locations: [LOCATION] }), ...MONDAYS, type: { mode: 'in_person' } });
    video = await createBookableDoctor(t, { profile: profile({ licenseNumber: 'KMPDC-22222', locations: [] }), ...MONDAYS });
    pending = await createDoctor(t, { profile: profile({ licenseNumber: 'KMPDC-33333', locations: [{ ...LOCATION, name: 'Pending Clinic' }] }), status: 'pending' });
    patient = await createPatient(t, 'Pat Patient');
  });
  afterAll(() => t.close());

  it('answers the manifest: transactionTime, request, one NDJSON file per type at URLs it serves, no errors; public and cacheable', async () => {
    const response = await fhirGet(t, '/fhir/R4/$bulk-publish');
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    const body = response.json() as FhirJson;
    expect(Object.keys(body).sort()).toEqual(['error', 'output', 'request', 'transactionTime']);
    expect(new Date(body.transactionTime).toISOString()).toBe(body.transactionTime);
    expect(body.request).toMatch(/^https?:\/\/[^/]+\/fhir\/R4\/\$bulk-publish$/);
    expect(body.error).toEqual([]);
    expect(body.output.map((o: { type: string }) => o.type)).toEqual(['Location', 'Schedule', 'Slot']);
    for (const { type, url } of body.output as { type: string; url: string }[]) {
      expect(url).toMatch(new RegExp(`/fhir/R4/\\$bulk-publish/${type}\\.ndjson$`));
      const lines = ndjson(await fhirGet(t, new URL(url).pathname));
      expect(lines.every((r) => r.resourceType === type)).toBe(true);
    }
  });

  it('publishes verified doctors only, every line valid FHIR R4, every reference resolving', async () => {
    const { locations, schedules, slots } = await files();
    expect(locations.map((l) => l.name)).toEqual(['Heart Clinic']);
    expect(locations[0]).toMatchObject({
      resourceType: 'Location',
      address: { line: ['1 Ngong Road'], city: 'Nairobi', postalCode: '00100', country: 'KE' },
      position: { latitude: -1.3, longitude: 36.8 },
      telecom: [{ system: 'phone', value: '+254 20 1234567' }],
    });
    const scheduleIds = schedules.map((s) => s.id).sort();
    expect(scheduleIds).toEqual([inPerson, video].map((d) => scheduleId({ doctorId: d.doctorId, appointmentTypeId: d.typeId })).sort());
    expect(JSON.stringify({ locations, schedules, slots })).not.toContain(pending.doctorId);

    // Schedule.actor: the Practitioner (a read that answers) and, for visits in person, the published Locations.
    const locationIds = new Set(locations.map((l) => `Location/${l.id}`));
    for (const schedule of schedules) {
      for (const { reference } of schedule.actor as { reference: string }[]) {
        if (reference.startsWith('Location/')) expect(locationIds.has(reference), reference).toBe(true);
        else expect(fhirBody(await fhirGet(t, `/fhir/R4/${reference}`))).toMatchObject({ resourceType: 'Practitioner', id: reference.split('/')[1] });
      }
    }
    const inPersonSchedule = schedules.find((s) => s.id === scheduleId({ doctorId: inPerson.doctorId, appointmentTypeId: inPerson.typeId }))!;
    expect(inPersonSchedule.actor.map((a: { reference: string }) => a.reference)).toEqual([`Practitioner/${inPerson.doctorId}`, `Location/${locations[0]!.id}`]);

    // Slot.schedule: a published Schedule; each Slot links to booking it.
    const published = new Set(scheduleIds.map((id) => `Schedule/${id}`));
    expect(slots.length).toBeGreaterThan(0);
    for (const slot of slots) {
      expect(published.has(slot.schedule.reference), slot.schedule.reference).toBe(true);
      const link = slot.extension.find((e: { url: string }) => e.url === BOOKING_DEEP_LINK);
      const url = new URL(link.valueUrl);
      expect(url.origin + url.pathname).toBe('https://book.example.com/book');
      expect(url.searchParams.get('start')).toBe(slot.start);
      // Visits in person also say whom to call; video visits have no practice phone.
      const phone = slot.extension.find((e: { url: string }) => e.url === BOOKING_PHONE);
      if (slot.schedule.reference.startsWith(`Schedule/${scheduleId({ doctorId: inPerson.doctorId, appointmentTypeId: inPerson.typeId })}`)) expect(phone?.valueString).toBe(LOCATION.phone);
      else expect(phone).toBeUndefined();
    }
  });

  it('publishes the slots the REST endpoint offers, over the next PUBLISH_DAYS days only', async () => {
    const { slots } = await files();
    const mine = (doctor: BookableDoctor) =>
      slots.filter((s) => s.schedule.reference === `Schedule/${scheduleId({ doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId })}`).map((s) => s.start as string);
    for (const doctor of [inPerson, video]) {
      const rest = await slotStarts(t, doctor, '2027-03-01', '2027-03-21', 'UTC');
      const end = Date.parse(NOW) + PUBLISH_DAYS * 86_400_000;
      expect(rest.some((start) => Date.parse(start) >= end)).toBe(true); // the 15th is offered, and not published
      expect(mine(doctor)).toEqual(rest.filter((start) => Date.parse(start) < end));
      expect(mine(doctor).some((start) => start.startsWith('2027-03-08'))).toBe(true);
    }
  });

  it('with _since, publishes only the doctors whose schedule changed after it', async () => {
    const { transactionTime } = await manifest();
    const quiet = await files(transactionTime);
    expect(quiet).toEqual({ locations: [], schedules: [], slots: [] });
    expect((await manifest()).transactionTime).toBe(transactionTime); // the latest change, not the clock

    await bookOk(t, patient.token, video, '2027-03-08T09:00:00.000Z');
    expect(Date.parse((await manifest()).transactionTime)).toBeGreaterThan(Date.parse(transactionTime));
    const changed = await files(transactionTime);
    expect(changed.locations).toEqual([]); // the video doctor has no practice
    expect(changed.schedules.map((s) => s.id)).toEqual([scheduleId({ doctorId: video.doctorId, appointmentTypeId: video.typeId })]);
    const starts = changed.slots.map((s) => s.start as string);
    expect(starts.length).toBeGreaterThan(0);
    expect(starts).not.toContain('2027-03-08T09:00:00.000Z');
    expect(changed.slots.every((s) => s.schedule.reference === `Schedule/${changed.schedules[0]!.id}`)).toBe(true);

    // Time off is a change too: the in-person doctor's resources come, in full, the slot it covers gone.
    const before = (await manifest()).transactionTime;
    const off = await t.request({ method: 'POST', url: '/api/v1/doctors/me/time-off', headers: bearer(inPerson.token), payload: { start: '2027-03-08T09:00:00Z', end: '2027-03-08T09:30:00Z' } });
    expect(off.statusCode, off.body).toBe(201);
    const afterOff = await files(before);
    expect(afterOff.locations.map((l) => l.name)).toEqual(['Heart Clinic']);
    expect(afterOff.schedules.map((s) => s.id)).toEqual([scheduleId({ doctorId: inPerson.doctorId, appointmentTypeId: inPerson.typeId })]);
    expect(afterOff.slots.map((s) => s.start)).not.toContain('2027-03-08T09:00:00.000Z');
    expect(afterOff.slots.map((s) => s.start)).toContain('2027-03-08T09:30:00.000Z');
    // A doctor who is not published changes nothing that is published.
    const settled = (await manifest()).transactionTime;
    const hours = await t.request({ method: 'PUT', url: '/api/v1/doctors/me/availability', headers: bearer(pending.token), payload: { timezone: 'UTC', weekly: MONDAYS.weekly } });
    expect(hours.statusCode, hours.body).toBe(200);
    expect(await files(settled)).toEqual({ locations: [], schedules: [], slots: [] });

    // The manifest carries _since into the request and every file URL.
    const incremental = await manifest(`?_since=${encodeURIComponent(transactionTime)}`);
    expect(incremental.request).toContain(`_since=${encodeURIComponent(transactionTime)}`);
    for (const { url } of incremental.output) expect(url).toContain(`_since=${encodeURIComponent(transactionTime)}`);
  });

  it('refuses a _since that is no instant with 400, as an OperationOutcome', async () => {
    for (const since of ['yesterday', '2027-03-01T00:00:00', '2027-13-01T00:00:00Z']) {
      expectOutcome(await fhirGet(t, `/fhir/R4/$bulk-publish?_since=${encodeURIComponent(since)}`), 400, 'VALIDATION_FAILED');
      expectOutcome(await fhirGet(t, `/fhir/R4/$bulk-publish/Slot.ndjson?_since=${encodeURIComponent(since)}`), 400, 'VALIDATION_FAILED');
    }
    expectOutcome(await fhirGet(t, '/fhir/R4/$bulk-publish?other=1'), 400, 'VALIDATION_FAILED');
  });
});
