import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, getMe } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient } from '../../helpers/factories.js';
import { appointmentAction, book, bookOk, setNow } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { expectProblem } from '../../helpers/http.js';

const NOW = '2027-03-01T00:00:00.000Z';
const CIPHERTEXT = /^enc:v2:test:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/;
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
    expect(response.body).not.toMatch(/enc:v/);
  });

  it('refuses a value stored without encryption (plaintext) instead of showing it', async () => {
    const patient = await createPatient(t);
    await queryRows(t, sql`update users set phone = '+44 20 7946 0000', date_of_birth = '1970-01-02' where id = ${patient.userId}`);
    const me = await getMe(t, patient.token);
    expectProblem(me, 500, 'INTERNAL_ERROR');
    expect(me.body).not.toContain('7946');
    const [logged] = t.logs.filter((l) => l.reqId === me.json().requestId && l.err);
    expect(logged?.err).toMatchObject({ type: 'FieldDecryptionError', message: expect.stringMatching(/users\.(phone|date_of_birth) of row .* is not encrypted/) });
    expect(JSON.stringify(t.logs)).not.toContain('7946 0000');
  });

  describe('a ciphertext copied from patient A\'s row into patient B\'s', () => {
    const A = { phone: '+49 30 555 0101', dateOfBirth: '1950-05-05', reason: 'Reason-of-A-q8w', cancellationReason: 'Cancel-of-A-j2k', comment: 'Comment-of-A-v5n' };
    const notA = (body: string) => {
      for (const value of Object.values(A)) expect(body).not.toContain(value);
      expect(body).not.toMatch(/enc:v/);
    };
    /** The 500 a copied value gives: INTERNAL_ERROR with nothing of A's, and the cause logged without the value. */
    const refused = (response: Awaited<ReturnType<typeof getMe>>) => {
      expectProblem(response, 500, 'INTERNAL_ERROR');
      notA(response.body);
      const [logged] = t.logs.filter((l) => l.reqId === response.json().requestId && l.err);
      expect(logged?.err).toMatchObject({ type: 'FieldDecryptionError', message: expect.stringMatching(/failed authentication/) });
      notA(JSON.stringify(t.logs));
    };

    it('fails to decrypt phone and date of birth', async () => {
      const a = await createPatient(t);
      const b = await createPatient(t);
      expect((await t.request({ method: 'PATCH', url: '/api/v1/auth/me', headers: bearer(a.token), payload: { phone: A.phone, dateOfBirth: A.dateOfBirth } })).statusCode).toBe(200);
      await queryRows(t, sql`update users set phone = a.phone from users a where a.id = ${a.userId} and users.id = ${b.userId}`);
      refused(await getMe(t, b.token));
      await queryRows(t, sql`update users set phone = null, date_of_birth = a.date_of_birth from users a where a.id = ${a.userId} and users.id = ${b.userId}`);
      refused(await getMe(t, b.token));
      expect((await getMe(t, a.token)).json()).toMatchObject({ phone: A.phone, dateOfBirth: A.dateOfBirth });
    });

    it('fails to decrypt visit and cancellation reasons, on every read path', async () => {
      const doctor = await createBookableDoctor(t, { weekly: [{ day: 'tuesday', start: '09:00', end: '12:00' }] });
      const a = await createPatient(t);
      const b = await createPatient(t);
      const ofA = await bookOk(t, a.token, doctor, '2027-03-09T09:00:00.000Z', A.reason);
      await appointmentAction(t, a.token, ofA.id, 'cancel', { reason: A.cancellationReason });
      const ofB = await bookOk(t, b.token, doctor, '2027-03-09T10:00:00.000Z', 'Reason of B');
      await queryRows(t, sql`update appointments set reason = a.reason from appointments a where a.id = ${ofA.id} and appointments.id = ${ofB.id}`);
      refused(await t.request({ method: 'GET', url: `/api/v1/appointments/${ofB.id}`, headers: bearer(b.token) }));
      refused(await t.request({ method: 'GET', url: '/api/v1/appointments', headers: bearer(b.token) }));
      await queryRows(t, sql`update appointments set reason = null, cancellation_reason = a.cancellation_reason from appointments a where a.id = ${ofA.id} and appointments.id = ${ofB.id}`);
      refused(await t.request({ method: 'GET', url: `/api/v1/appointments/${ofB.id}`, headers: bearer(b.token) }));
      expect((await t.request({ method: 'GET', url: `/api/v1/appointments/${ofA.id}`, headers: bearer(a.token) })).json()).toMatchObject({ reason: A.reason, cancellationReason: A.cancellationReason });
    });

    it('fails to decrypt a review comment', async () => {
      const doctor = await createBookableDoctor(t, { weekly: [{ day: 'wednesday', start: '09:00', end: '12:00' }] });
      const ids: string[] = [];
      const patients = [await createPatient(t), await createPatient(t)];
      for (const [i, p] of patients.entries()) ids.push((await bookOk(t, p.token, doctor, `2027-03-10T${String(9 + i).padStart(2, '0')}:00:00.000Z`)).id);
      setNow(t, '2027-03-10T11:00:00.000Z');
      try {
        for (const id of ids) expect((await appointmentAction(t, doctor.token, id, 'complete')).statusCode).toBe(200);
      } finally {
        setNow(t, NOW);
      }
      expect((await appointmentAction(t, patients[0]!.token, ids[0]!, 'review', { rating: 4, comment: A.comment })).statusCode).toBe(201);
      expect((await appointmentAction(t, patients[1]!.token, ids[1]!, 'review', { rating: 5, comment: 'Comment of B' })).statusCode).toBe(201);
      await queryRows(t, sql`update reviews set comment = a.comment from reviews a where a.appointment_id = ${ids[0]!} and reviews.appointment_id = ${ids[1]!}`);
      refused(await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/reviews` }));
    });

    it('fails to decrypt a stored idempotent response instead of replaying A\'s booking to B', async () => {
      const doctor = await createBookableDoctor(t, { weekly: [{ day: 'thursday', start: '09:00', end: '12:00' }] });
      const a = await createPatient(t);
      const b = await createPatient(t);
      const body = (start: string, reason: string) => ({ doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start, reason });
      expect((await book(t, a.token, body('2027-03-11T09:00:00.000Z', A.reason), { 'idempotency-key': 'copy-0001' })).statusCode).toBe(201);
      expect((await book(t, b.token, body('2027-03-11T10:00:00.000Z', 'Reason of B'), { 'idempotency-key': 'copy-0001' })).statusCode).toBe(201);
      await queryRows(
        t,
        sql`update idempotency_keys set response_body = a.response_body, request_hash = a.request_hash
              from idempotency_keys a where a.user_id = ${a.userId} and a.key = 'copy-0001' and idempotency_keys.user_id = ${b.userId} and idempotency_keys.key = 'copy-0001'`,
      );
      refused(await book(t, b.token, body('2027-03-11T09:00:00.000Z', A.reason), { 'idempotency-key': 'copy-0001' }));
    });
  });
});
