import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, getMe } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient } from '../../helpers/factories.js';
import { appointmentAction, book, bookOk, setNow } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const NOW = '2027-03-01T00:00:00.000Z';
const CIPHERTEXT = /^enc:v1:test:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/;
const PHI = {
  phone: '+49 30 555 0199',
  dateOfBirth: '1984-02-29',
  reason: 'Recurring migraine-xq7',
  cancellationReason: 'Feeling better-zk3',
  comment: 'Kind and clear, ünïcødé 😀',
};

describe('PHI at rest', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    setNow(t, NOW);
  });
  afterAll(() => t.close());

  it('stores phone, date of birth, reasons and review comments as ciphertext while the API shows plaintext', async () => {
    const doctor = await createBookableDoctor(t, { weekly: [{ day: 'monday', start: '09:00', end: '12:00' }] });
    const patient = await createPatient(t);
    const patched = await t.request({ method: 'PATCH', url: '/api/v1/auth/me', headers: bearer(patient.token), payload: { phone: PHI.phone, dateOfBirth: PHI.dateOfBirth } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await getMe(t, patient.token)).json()).toMatchObject({ phone: PHI.phone, dateOfBirth: PHI.dateOfBirth });

    const cancelled = await bookOk(t, patient.token, doctor, '2027-03-08T09:00:00.000Z', PHI.reason);
    expect(cancelled).toMatchObject({ reason: PHI.reason });
    const cancel = await appointmentAction(t, patient.token, cancelled.id, 'cancel', { reason: PHI.cancellationReason });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json()).toMatchObject({ reason: PHI.reason, cancellationReason: PHI.cancellationReason });

    const visited = await bookOk(t, patient.token, doctor, '2027-03-08T10:00:00.000Z', PHI.reason);
    setNow(t, '2027-03-08T10:45:00.000Z');
    try {
      expect((await appointmentAction(t, doctor.token, visited.id, 'complete')).statusCode).toBe(200);
    } finally {
      setNow(t, NOW);
    }
    const review = await appointmentAction(t, patient.token, visited.id, 'review', { rating: 5, comment: PHI.comment });
    expect(review.statusCode, review.body).toBe(201);
    expect(review.json()).toMatchObject({ comment: PHI.comment });

    const [user] = await queryRows<{ phone: string; date_of_birth: string }>(t, sql`select phone, date_of_birth from users where id = ${patient.userId}`);
    const appointments = await queryRows<{ id: string; reason: string; cancellation_reason: string | null }>(
      t,
      sql`select id, reason, cancellation_reason from appointments where patient_id = ${patient.userId} order by start_at`,
    );
    const [stored] = await queryRows<{ comment: string }>(t, sql`select comment from reviews where appointment_id = ${visited.id}`);
    const raw = [user!.phone, user!.date_of_birth, appointments[0]!.reason, appointments[0]!.cancellation_reason!, appointments[1]!.reason, stored!.comment];
    for (const value of raw) expect(value).toMatch(CIPHERTEXT);
    const everything = JSON.stringify([user, appointments, stored]);
    for (const plain of [PHI.phone, '30 555 0199', PHI.dateOfBirth, 'migraine', 'Feeling better', 'Kind and clear']) expect(everything).not.toContain(plain);
    expect(appointments[1]!.cancellation_reason).toBeNull();

    // Reads through every path that decodes these columns (drizzle selects and raw SQL) show plaintext.
    expect((await t.request({ method: 'GET', url: `/api/v1/appointments/${cancelled.id}`, headers: bearer(patient.token) })).json()).toMatchObject({
      reason: PHI.reason,
      cancellationReason: PHI.cancellationReason,
    });
    const list = await t.request({ method: 'GET', url: '/api/v1/appointments', headers: bearer(patient.token) });
    expect(list.json().data.map((a: { reason: string }) => a.reason)).toEqual([PHI.reason, PHI.reason]);
    const reviews = await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/reviews` });
    expect(reviews.statusCode, reviews.body).toBe(200);
    expect(reviews.json().data[0]).toMatchObject({ comment: PHI.comment, rating: 5 });

    // Nor does any of it reach a log line.
    const logs = JSON.stringify(t.logs);
    for (const plain of [PHI.phone, PHI.reason, PHI.cancellationReason, 'Kind and clear']) expect(logs).not.toContain(plain);
  });

  it('keeps the stored response of an idempotent booking encrypted, and replays it in plaintext', async () => {
    const doctor = await createBookableDoctor(t, { weekly: [{ day: 'monday', start: '09:00', end: '12:00' }] });
    const patient = await createPatient(t);
    const body = { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: '2027-03-08T11:00:00.000Z', reason: PHI.reason };
    const first = await book(t, patient.token, body, { 'idempotency-key': 'phi-replay-0001' });
    expect(first.statusCode, first.body).toBe(201);
    const [stored] = await queryRows<{ response_body: string }>(t, sql`select response_body from idempotency_keys where user_id = ${patient.userId}`);
    expect(stored!.response_body).toMatch(CIPHERTEXT);
    expect(stored!.response_body).not.toContain('migraine');
    const replay = await book(t, patient.token, body, { 'idempotency-key': 'phi-replay-0001' });
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual(first.json());
  });

  it('refuses a ciphertext moved into another column or row field instead of showing it', async () => {
    const doctor = await createBookableDoctor(t, { weekly: [{ day: 'monday', start: '09:00', end: '12:00' }] });
    const patient = await createPatient(t);
    const booked = await bookOk(t, patient.token, doctor, '2027-03-08T11:00:00.000Z', PHI.reason);
    await queryRows(t, sql`update appointments set cancellation_reason = reason where id = ${booked.id}`);
    const response = await t.request({ method: 'GET', url: `/api/v1/appointments/${booked.id}`, headers: bearer(patient.token) });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain(PHI.reason);
    expect(response.body).not.toMatch(/enc:v1/);
  });

  it('still reads rows written before encryption (legacy plaintext)', async () => {
    const patient = await createPatient(t);
    await queryRows(t, sql`update users set phone = '+44 20 7946 0000', date_of_birth = '1970-01-02' where id = ${patient.userId}`);
    expect((await getMe(t, patient.token)).json()).toMatchObject({ phone: '+44 20 7946 0000', dateOfBirth: '1970-01-02' });
  });
});
