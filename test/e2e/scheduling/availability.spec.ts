import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NextAvailableRefresher } from '../../../src/modules/scheduling/slots/next-available-refresher.worker.js';
import { bearer, registerUser } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient } from '../../helpers/factories.js';
import { expectProblem } from '../../helpers/http.js';
import { bookOk, setNow } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const NOW = '2027-03-01T00:00:00.000Z';

describe('availability, time off and appointment types', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    setNow(t, NOW);
  });
  afterAll(() => t.close());

  const put = (token: string, payload: unknown) => t.request({ method: 'PUT', url: '/api/v1/doctors/me/availability', headers: bearer(token), payload: payload as Record<string, unknown> });

  it('starts from the defaults and replaces availability as a whole, setting the doctor\'s time zone', async () => {
    const session = await registerUser(t, { role: 'doctor' });
    const empty = await t.request({ method: 'GET', url: '/api/v1/doctors/me/availability', headers: bearer(session.accessToken) });
    expect(empty.json()).toEqual({ timezone: 'UTC', weekly: [], slotIntervalMinutes: null, minNoticeMinutes: 60, maxAdvanceDays: 90, cancellationNoticeHours: 24 });

    const weekly = [
      { day: 'monday', start: '09:00', end: '12:00' },
      { day: 'monday', start: '13:00', end: '24:00' },
    ];
    const saved = await put(session.accessToken, { timezone: 'Asia/Kathmandu', weekly, slotIntervalMinutes: 15, maxAdvanceDays: 730 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual({ timezone: 'Asia/Kathmandu', weekly, slotIntervalMinutes: 15, minNoticeMinutes: 60, maxAdvanceDays: 730, cancellationNoticeHours: 24 });
    const [doctor] = await queryRows<{ timezone: string; id: string }>(t, sql`select id, timezone from doctors where user_id = ${session.user.id}`);
    expect(doctor!.timezone).toBe('Asia/Kathmandu');
    expect((await t.request({ method: 'GET', url: '/api/v1/doctors/me/availability', headers: bearer(session.accessToken) })).json()).toEqual(saved.json());
    // The public view is for verified doctors only.
    expectProblem(await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor!.id}/availability` }), 404, 'NOT_FOUND');
    await queryRows(t, sql`update doctors set verification_status = 'verified' where id = ${doctor!.id}`);
    expect((await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor!.id}/availability` })).json()).toEqual(saved.json());
  });

  it('rejects overlapping or reversed intervals, bad times, unknown zones and out-of-range settings with 400', async () => {
    const { accessToken } = await registerUser(t, { role: 'doctor' });
    const cases: unknown[] = [
      { weekly: [{ day: 'monday', start: '09:00', end: '12:00' }, { day: 'monday', start: '11:00', end: '13:00' }] },
      { weekly: [{ day: 'monday', start: '12:00', end: '09:00' }] },
      { weekly: [{ day: 'monday', start: '09:00', end: '24:30' }] },
      { weekly: [{ day: 'funday', start: '09:00', end: '10:00' }] },
      { timezone: 'Europe/Atlantis', weekly: [] },
      { weekly: [], maxAdvanceDays: 731 },
      { weekly: [], slotIntervalMinutes: 2 },
      { weekly: [], surprise: true },
    ];
    for (const payload of cases) expectProblem(await put(accessToken, payload), 400, 'VALIDATION_FAILED');
  });

  it('is for doctors: patients get 403, anonymous callers 401', async () => {
    const patient = await createPatient(t);
    expectProblem(await put(patient.token, { weekly: [] }), 403, 'FORBIDDEN');
    expectProblem(await t.request({ method: 'PUT', url: '/api/v1/doctors/me/availability', payload: { weekly: [] } }), 401, 'UNAUTHENTICATED');
  });

  it('manages time off: create, list, delete (404 for another doctor\'s), validation', async () => {
    const doctor = await createBookableDoctor(t);
    const other = await createBookableDoctor(t);
    const post = (token: string, payload: Record<string, unknown>) => t.request({ method: 'POST', url: '/api/v1/doctors/me/time-off', headers: bearer(token), payload });
    const created = await post(doctor.token, { start: '2027-04-01T00:00:00Z', end: '2027-04-08T00:00:00Z' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ reason: null, conflictingAppointmentIds: [] });
    const list = await t.request({ method: 'GET', url: '/api/v1/doctors/me/time-off', headers: bearer(doctor.token) });
    expect(list.json()).toEqual([{ id: created.json().id, start: '2027-04-01T00:00:00.000Z', end: '2027-04-08T00:00:00.000Z', reason: null }]);
    expectProblem(await t.request({ method: 'DELETE', url: `/api/v1/doctors/me/time-off/${created.json().id}`, headers: bearer(other.token) }), 404, 'NOT_FOUND');
    expectProblem(await post(doctor.token, { start: '2027-04-08T00:00:00Z', end: '2027-04-01T00:00:00Z' }), 400, 'VALIDATION_FAILED');
    expectProblem(await post(doctor.token, { start: 'tomorrow', end: '2027-04-01T00:00:00Z' }), 400, 'VALIDATION_FAILED');
  });

  it('manages appointment types: create with defaults, patch, deactivate; the public list shows active ones only', async () => {
    const doctor = await createBookableDoctor(t, { type: { name: 'Short', durationMinutes: 15, price: { amount: 4000, currency: 'EUR' } } });
    const create = await t.request({ method: 'POST', url: '/api/v1/doctors/me/appointment-types', headers: bearer(doctor.token), payload: { name: 'Long', durationMinutes: 60, mode: 'in_person' } });
    expect(create.statusCode, create.body).toBe(201);
    expect(create.json()).toEqual({ id: expect.any(String), doctorId: doctor.doctorId, name: 'Long', durationMinutes: 60, bufferMinutes: 0, mode: 'in_person', price: null, active: true, audience: 'any', intakeQuestions: [], reminderOffsetsMinutes: [1440, 120] });
    const patch = await t.request({ method: 'PATCH', url: `/api/v1/doctors/me/appointment-types/${create.json().id}`, headers: bearer(doctor.token), payload: { bufferMinutes: 10, price: { amount: 9000, currency: 'EUR' } } });
    expect(patch.json()).toMatchObject({ bufferMinutes: 10, price: { amount: 9000, currency: 'EUR' } });
    for (const bad of [{ durationMinutes: 4 }, { durationMinutes: 481 }, { price: { amount: 1, currency: 'euro' } }, { unknown: 1 }]) {
      expectProblem(await t.request({ method: 'PATCH', url: `/api/v1/doctors/me/appointment-types/${doctor.typeId}`, headers: bearer(doctor.token), payload: bad }), 400, 'VALIDATION_FAILED');
    }
    const patient = await createPatient(t);
    const booked = await bookOk(t, patient.token, doctor, '2027-03-08T10:00:00.000Z');
    expect((await t.request({ method: 'DELETE', url: `/api/v1/doctors/me/appointment-types/${doctor.typeId}`, headers: bearer(doctor.token) })).statusCode).toBe(204);
    const publicList = await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/appointment-types` });
    expect(publicList.json().map((x: { name: string }) => x.name)).toEqual(['Long']);
    const mine = await t.request({ method: 'GET', url: '/api/v1/doctors/me/appointment-types', headers: bearer(doctor.token) });
    expect(mine.json().map((x: { name: string; active: boolean }) => `${x.name}:${x.active}`)).toEqual(['Short:false', 'Long:true']);
    // The existing appointment keeps its type.
    const read = await t.request({ method: 'GET', url: `/api/v1/appointments/${booked.id}`, headers: bearer(patient.token) });
    expect(read.json().appointmentType).toEqual({ id: doctor.typeId, name: 'Short', durationMinutes: 15 });
    const stranger = await createBookableDoctor(t);
    expectProblem(await t.request({ method: 'DELETE', url: `/api/v1/doctors/me/appointment-types/${create.json().id}`, headers: bearer(stranger.token) }), 404, 'NOT_FOUND');
  });

  it('keeps the directory\'s nextAvailableAt in step with availability and bookings', async () => {
    const doctor = await createBookableDoctor(t, { weekly: [{ day: 'monday', start: '09:00', end: '09:30' }] });
    const next = async () => (await queryRows<{ at: Date | string | null }>(t, sql`select next_available_at as at from doctors where id = ${doctor.doctorId}`))[0]!.at;
    expect(new Date((await next())!).toISOString()).toBe('2027-03-01T09:00:00.000Z');
    const patient = await createPatient(t);
    await bookOk(t, patient.token, doctor, '2027-03-01T09:00:00.000Z');
    expect(new Date((await next())!).toISOString()).toBe('2027-03-08T09:00:00.000Z');
    // Time passes beyond the stored opening: the refresher moves it on.
    setNow(t, '2027-03-08T09:10:00.000Z');
    try {
      expect(await t.app.get(NextAvailableRefresher, { strict: false }).tick()).toBeGreaterThanOrEqual(1);
      expect(new Date((await next())!).toISOString()).toBe('2027-03-15T09:00:00.000Z');
    } finally {
      setNow(t, NOW);
    }
    // Away for three weeks: the next opening is found past the first week's look-ahead.
    await t.request({ method: 'POST', url: '/api/v1/doctors/me/time-off', headers: bearer(doctor.token), payload: { start: '2027-03-01T00:00:00Z', end: '2027-03-22T00:00:00Z' } });
    expect(new Date((await next())!).toISOString()).toBe('2027-03-22T09:00:00.000Z');
    await t.request({ method: 'PUT', url: '/api/v1/doctors/me/availability', headers: bearer(doctor.token), payload: { weekly: [] } });
    expect(await next()).toBeNull();
  });
});
