import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlotCache } from '../../../src/modules/scheduling/slots/slot.cache.js';
import { bearer } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { allWeek, createBookableDoctor, createPatient } from '../../helpers/factories.js';
import { expectProblem } from '../../helpers/http.js';
import { bookOk, getSlots, setNow, slotStarts } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

// A Monday; every test stands the clock a week or more before the days it asks about.
const NOW = '2027-03-01T00:00:00.000Z';

describe('slots', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    setNow(t, NOW);
  });
  afterAll(() => t.close());

  it('offers 6 slots for a 09:00–12:00 day of 30-minute visits', async () => {
    const doctor = await createBookableDoctor(t, { weekly: [{ day: 'monday', start: '09:00', end: '12:00' }] });
    const starts = await slotStarts(t, doctor, '2027-03-08');
    expect(starts).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map((hm) => `2027-03-08T${hm}:00.000Z`));
    const body = (await getSlots(t, doctor, '2027-03-08')).json();
    expect(body).toMatchObject({ doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, timezone: 'UTC' });
    expect(body.slots[0]).toEqual({ start: '2027-03-08T09:00:00.000Z', end: '2027-03-08T09:30:00.000Z' });
  });

  it('starts at 09:00 local on the days before, of and after both daylight-saving changes (Europe/Berlin)', async () => {
    const doctor = await createBookableDoctor(t, { timezone: 'Europe/Berlin', weekly: allWeek('09:00', '10:00'), availability: { maxAdvanceDays: 365 } });
    const firstOfDay = (starts: string[]) => starts.filter((s, i) => starts.findIndex((x) => x.slice(0, 10) === s.slice(0, 10)) === i);
    const spring = await slotStarts(t, doctor, '2027-03-27', '2027-03-29');
    expect(firstOfDay(spring)).toEqual([
      '2027-03-27T08:00:00.000Z', // CET, UTC+1
      '2027-03-28T07:00:00.000Z', // the change day, already CEST
      '2027-03-29T07:00:00.000Z',
    ]);
    const autumn = firstOfDay(await slotStarts(t, doctor, '2027-10-30', '2027-11-01'));
    expect(autumn).toEqual(['2027-10-30T07:00:00.000Z', '2027-10-31T08:00:00.000Z', '2027-11-01T08:00:00.000Z']);
  });

  it('reads from/to in the requested time zone', async () => {
    const doctor = await createBookableDoctor(t, { timezone: 'Europe/Berlin', weekly: [{ day: 'monday', start: '09:00', end: '10:00' }] });
    expect(await slotStarts(t, doctor, '2027-03-08', '2027-03-08', 'Asia/Kolkata')).toEqual(['2027-03-08T08:00:00.000Z', '2027-03-08T08:30:00.000Z']);
    expect((await getSlots(t, doctor, '2027-03-08', '2027-03-08', 'Asia/Kolkata')).json().timezone).toBe('Asia/Kolkata');
  });

  it('refuses windows over 62 days, bad dates and unknown zones with 400', async () => {
    const doctor = await createBookableDoctor(t);
    expectProblem(await getSlots(t, doctor, '2027-03-08', '2027-05-10'), 400, 'VALIDATION_FAILED');
    expect((await getSlots(t, doctor, '2027-03-08', '2027-05-09')).statusCode).toBe(200);
    expectProblem(await getSlots(t, doctor, '2027-02-30'), 400, 'VALIDATION_FAILED');
    expectProblem(await getSlots(t, doctor, '2027-03-09', '2027-03-08'), 400, 'VALIDATION_FAILED');
    const zone = expectProblem(await getSlots(t, doctor, '2027-03-08', '2027-03-08', 'Mars/Olympus'), 400, 'VALIDATION_FAILED');
    expect(zone.errors).toEqual([expect.objectContaining({ field: 'timezone' })]);
  });

  it('is 404 for unverified doctors and inactive or foreign types', async () => {
    const pending = await createBookableDoctor(t, { status: 'pending' });
    expectProblem(await getSlots(t, pending, '2027-03-08'), 404, 'NOT_FOUND');
    const doctor = await createBookableDoctor(t);
    const other = await createBookableDoctor(t);
    expectProblem(await getSlots(t, { doctorId: doctor.doctorId, typeId: other.typeId }, '2027-03-08'), 404, 'NOT_FOUND');
    await t.request({ method: 'DELETE', url: `/api/v1/doctors/me/appointment-types/${doctor.typeId}`, headers: bearer(doctor.token) });
    expectProblem(await getSlots(t, doctor, '2027-03-08'), 404, 'NOT_FOUND');
  });

  it('excludes the past, minimum notice and beyond the advance window', async () => {
    const doctor = await createBookableDoctor(t, { weekly: allWeek('09:00', '12:00'), availability: { minNoticeMinutes: 120, maxAdvanceDays: 10 } });
    setNow(t, '2027-03-08T09:10:00.000Z');
    try {
      expect((await slotStarts(t, doctor, '2027-03-08'))[0]).toBe('2027-03-08T11:30:00.000Z');
      expect(await slotStarts(t, doctor, '2027-03-18')).toEqual(['2027-03-18T09:00:00.000Z']);
      expect(await slotStarts(t, doctor, '2027-03-19')).toEqual([]);
    } finally {
      setNow(t, NOW);
    }
  });

  it('leaves out a booked slot and its buffer at once, and offers it again when cancelled', async () => {
    const doctor = await createBookableDoctor(t, { weekly: [{ day: 'monday', start: '09:00', end: '11:00' }], type: { durationMinutes: 30, bufferMinutes: 15 } });
    // Interval = duration by default; the buffer makes 09:30 unbookable after a 09:00 visit.
    expect(await slotStarts(t, doctor, '2027-03-08')).toEqual(['2027-03-08T09:00:00.000Z', '2027-03-08T09:30:00.000Z', '2027-03-08T10:00:00.000Z', '2027-03-08T10:30:00.000Z']);
    const patient = await createPatient(t);
    const appointment = await bookOk(t, patient.token, doctor, '2027-03-08T09:00:00.000Z');
    expect(await slotStarts(t, doctor, '2027-03-08')).toEqual(['2027-03-08T10:00:00.000Z', '2027-03-08T10:30:00.000Z']);
    const cancel = await t.request({ method: 'POST', url: `/api/v1/appointments/${appointment.id}/cancel`, headers: bearer(patient.token), payload: {} });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(await slotStarts(t, doctor, '2027-03-08')).toHaveLength(4);
  });

  it('hides slots under time off, reports the appointments it overlaps, and restores them when deleted', async () => {
    const doctor = await createBookableDoctor(t, { weekly: [{ day: 'monday', start: '09:00', end: '12:00' }] });
    const patient = await createPatient(t);
    const appointment = await bookOk(t, patient.token, doctor, '2027-03-08T10:00:00.000Z');
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/doctors/me/time-off',
      headers: bearer(doctor.token),
      payload: { start: '2027-03-08T09:30:00Z', end: '2027-03-08T11:00:00Z', reason: 'Conference' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ start: '2027-03-08T09:30:00.000Z', end: '2027-03-08T11:00:00.000Z', reason: 'Conference', conflictingAppointmentIds: [appointment.id] });
    expect(await slotStarts(t, doctor, '2027-03-08')).toEqual(['2027-03-08T09:00:00.000Z', '2027-03-08T11:00:00.000Z', '2027-03-08T11:30:00.000Z']);
    // Nothing was cancelled.
    const read = await t.request({ method: 'GET', url: `/api/v1/appointments/${appointment.id}`, headers: bearer(patient.token) });
    expect(read.json().status).toBe('confirmed');

    const removed = await t.request({ method: 'DELETE', url: `/api/v1/doctors/me/time-off/${created.json().id}`, headers: bearer(doctor.token) });
    expect(removed.statusCode).toBe(204);
    expect(await slotStarts(t, doctor, '2027-03-08')).toEqual(['2027-03-08T09:00:00.000Z', '2027-03-08T09:30:00.000Z', '2027-03-08T10:30:00.000Z', '2027-03-08T11:00:00.000Z', '2027-03-08T11:30:00.000Z']);
  });

  it('serves slots from the cache until a change through the API moves the generation', async ({ skip }) => {
    if (!t.app.get(SlotCache, { strict: false }).enabled) skip(); // PostgreSQL with a process-local cache: no slot caching
    const doctor = await createBookableDoctor(t, { weekly: [{ day: 'monday', start: '09:00', end: '11:00' }] });
    expect(await slotStarts(t, doctor, '2027-03-08')).toHaveLength(4);
    // Behind the application's back: the cached response still stands.
    await queryRows(t, sql`insert into time_off (doctor_id, start_at, end_at) values (${doctor.doctorId}, '2027-03-08T09:00:00Z', '2027-03-08T09:30:00Z')`);
    expect(await slotStarts(t, doctor, '2027-03-08')).toHaveLength(4);
    // Through the API: visible in the very next response, the direct row included.
    await t.request({ method: 'POST', url: '/api/v1/doctors/me/time-off', headers: bearer(doctor.token), payload: { start: '2027-03-08T10:30:00Z', end: '2027-03-08T11:00:00Z' } });
    expect(await slotStarts(t, doctor, '2027-03-08')).toEqual(['2027-03-08T09:30:00.000Z', '2027-03-08T10:00:00.000Z']);
  });

  it('shows an availability change in the very next response', async () => {
    const doctor = await createBookableDoctor(t, { weekly: [{ day: 'monday', start: '09:00', end: '10:00' }] });
    expect(await slotStarts(t, doctor, '2027-03-08')).toHaveLength(2);
    await t.request({ method: 'PUT', url: '/api/v1/doctors/me/availability', headers: bearer(doctor.token), payload: { weekly: [{ day: 'monday', start: '09:00', end: '11:00' }] } });
    expect(await slotStarts(t, doctor, '2027-03-08')).toHaveLength(4);
  });
});
