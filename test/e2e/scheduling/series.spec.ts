import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient, type BookableDoctor } from '../../helpers/factories.js';
import { expectProblem } from '../../helpers/http.js';
import { appointmentAction, bookOk, setNow } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const NOW = '2027-03-01T00:00:00.000Z';
const MAX_FUTURE = 5;

describe('follow-up series', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { MAX_FUTURE_APPOINTMENTS: String(MAX_FUTURE) } });
    setNow(t, NOW);
  });
  afterAll(() => t.close());

  const bookSeries = (token: string, doctor: BookableDoctor, body: Record<string, unknown>) =>
    t.request({ method: 'POST', url: '/api/v1/appointments/series', headers: bearer(token), payload: { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, ...body } });
  const statusesOf = (patientId: string) =>
    queryRows<{ start_at: Date; status: string }>(t, sql`select start_at, status from appointments where patient_id = ${patientId} order by start_at`).then((rows) =>
      rows.map((r) => `${new Date(r.start_at).toISOString()} ${r.status}`),
    );

  it('books every occurrence at the same weekday and time, sharing one seriesId', async () => {
    const doctor = await createBookableDoctor(t);
    const patient = await createPatient(t);
    const response = await bookSeries(patient.token, doctor, { start: '2027-03-08T10:00:00.000Z', every: 2, count: 3, reason: 'Follow-up' });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json() as { seriesId: string; appointments: { start: string; seriesId: string; reason: string; status: string }[] };
    expect(body.appointments.map((a) => a.start)).toEqual(['2027-03-08T10:00:00.000Z', '2027-03-22T10:00:00.000Z', '2027-04-05T10:00:00.000Z']);
    expect(body.appointments.every((a) => a.seriesId === body.seriesId && a.reason === 'Follow-up' && a.status === 'confirmed')).toBe(true);
  });

  it('books none when one occurrence is taken: 409 listing the occurrences that collide', async () => {
    const doctor = await createBookableDoctor(t);
    const other = await createPatient(t);
    await bookOk(t, other.token, doctor, '2027-03-22T10:00:00.000Z');
    await bookOk(t, other.token, doctor, '2027-04-05T10:00:00.000Z');
    const patient = await createPatient(t);
    const refused = expectProblem(await bookSeries(patient.token, doctor, { start: '2027-03-08T10:00:00.000Z', every: 1, count: 5 }), 409, 'SLOT_TAKEN');
    expect(refused.conflicts).toEqual([
      { start: '2027-03-22T10:00:00.000Z', code: 'SLOT_TAKEN' },
      { start: '2027-04-05T10:00:00.000Z', code: 'SLOT_TAKEN' },
    ]);
    expect(await statusesOf(patient.userId)).toEqual([]);
    // No notification of an occurrence that was never booked.
    const orphans = await queryRows(t, sql`select o.id from outbox o where not exists (select 1 from appointments a where a.id::text = o.payload->>'appointmentId')`);
    expect(orphans).toEqual([]);
  });

  it("answers 422 SLOT_NOT_AVAILABLE listing the occurrences the doctor's schedule does not offer, and books none", async () => {
    const doctor = await createBookableDoctor(t, { availability: { maxAdvanceDays: 20 } });
    const patient = await createPatient(t);
    const refused = expectProblem(await bookSeries(patient.token, doctor, { start: '2027-03-08T10:00:00.000Z', every: 1, count: 4 }), 422, 'SLOT_NOT_AVAILABLE');
    expect(refused.occurrences).toEqual(['2027-03-22T10:00:00.000Z', '2027-03-29T10:00:00.000Z']);
    expect(await statusesOf(patient.userId)).toEqual([]);
  });

  it("keeps the local wall-clock time in the doctor's zone across a daylight-saving change", async () => {
    const doctor = await createBookableDoctor(t, { timezone: 'Europe/Berlin' });
    const patient = await createPatient(t);
    // 09:00 in Berlin: CET (+01:00) before 28 March 2027, CEST (+02:00) after.
    const response = await bookSeries(patient.token, doctor, { start: '2027-03-22T08:00:00.000Z', every: 1, count: 3 });
    expect(response.statusCode, response.body).toBe(201);
    expect((response.json().appointments as { start: string }[]).map((a) => a.start)).toEqual(['2027-03-22T08:00:00.000Z', '2027-03-29T07:00:00.000Z', '2027-04-05T07:00:00.000Z']);
  });

  it('counts each occurrence toward MAX_FUTURE_APPOINTMENTS', async () => {
    const doctor = await createBookableDoctor(t);
    const patient = await createPatient(t);
    await bookOk(t, patient.token, doctor, '2027-03-02T10:00:00.000Z');
    await bookOk(t, patient.token, doctor, '2027-03-03T10:00:00.000Z');
    expectProblem(await bookSeries(patient.token, doctor, { start: '2027-03-08T10:00:00.000Z', every: 1, count: MAX_FUTURE - 1 }), 422, 'TOO_MANY_APPOINTMENTS');
    expect((await statusesOf(patient.userId)).length).toBe(2);
    expect((await bookSeries(patient.token, doctor, { start: '2027-03-08T10:00:00.000Z', every: 1, count: MAX_FUTURE - 2 })).statusCode).toBe(201);
  });

  it('refuses an interval other than 1, 2 or 4 weeks and more than 12 occurrences (400)', async () => {
    const doctor = await createBookableDoctor(t);
    const patient = await createPatient(t);
    expectProblem(await bookSeries(patient.token, doctor, { start: '2027-03-08T10:00:00.000Z', every: 3, count: 2 }), 400, 'VALIDATION_FAILED');
    expectProblem(await bookSeries(patient.token, doctor, { start: '2027-03-08T10:00:00.000Z', every: 1, count: 13 }), 400, 'VALIDATION_FAILED');
  });

  it('cancels one occurrence with scope "this", and exactly it and the later ones with scope "following"', async () => {
    const doctor = await createBookableDoctor(t);
    const patient = await createPatient(t);
    const response = await bookSeries(patient.token, doctor, { start: '2027-03-08T10:00:00.000Z', every: 1, count: 4 });
    expect(response.statusCode, response.body).toBe(201);
    const ids = (response.json().appointments as { id: string }[]).map((a) => a.id);
    // Another appointment of the same patient with the same doctor, outside the series, stays.
    await bookOk(t, patient.token, doctor, '2027-04-20T10:00:00.000Z');

    const one = await appointmentAction(t, patient.token, ids[1]!, 'cancel', { scope: 'this' });
    expect(one.statusCode, one.body).toBe(200);
    const following = await appointmentAction(t, patient.token, ids[2]!, 'cancel', { scope: 'following', reason: 'Recovered' });
    expect(following.statusCode, following.body).toBe(200);
    expect(following.json()).toMatchObject({ id: ids[2], status: 'cancelled', cancellationReason: 'Recovered' });
    expect(await statusesOf(patient.userId)).toEqual([
      '2027-03-08T10:00:00.000Z confirmed',
      '2027-03-15T10:00:00.000Z cancelled',
      '2027-03-22T10:00:00.000Z cancelled',
      '2027-03-29T10:00:00.000Z cancelled',
      '2027-04-20T10:00:00.000Z confirmed',
    ]);
    const audit = await queryRows<{ resource_id: string }>(t, sql`select resource_id from audit_events where action = 'appointment.cancel' and outcome = 'success' and resource_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) order by resource_id`);
    expect(audit.map((a) => a.resource_id).sort()).toEqual(ids.slice(1).sort());
  });
});
