import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient } from '../../helpers/factories.js';
import { expectProblem } from '../../helpers/http.js';
import { book, bookOk, setNow, slotStarts } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const NOW = '2027-03-01T00:00:00.000Z';
const SLOT = '2027-03-08T10:00:00.000Z';

describe('booking', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    setNow(t, NOW);
  });
  afterAll(() => t.close());

  it('books an offered slot: 201 with the full Appointment', async () => {
    const doctor = await createBookableDoctor(t, { fullName: 'Dr Grace Hopper', type: { name: 'First visit', durationMinutes: 30, bufferMinutes: 10, mode: 'in_person' } });
    const patient = await createPatient(t, 'Ada Patient');
    const response = await book(t, patient.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: '2027-03-08T11:00:00+01:00', reason: 'Cough' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({
      id: expect.any(String),
      doctorId: doctor.doctorId,
      patientId: patient.userId,
      doctorName: 'Dr Grace Hopper',
      patientName: 'Ada Patient',
      appointmentType: { id: doctor.typeId, name: 'First visit', durationMinutes: 30 },
      start: SLOT,
      end: '2027-03-08T10:30:00.000Z',
      mode: 'in_person',
      status: 'confirmed',
      reason: 'Cough',
      cancelledBy: null,
      cancellationReason: null,
      intakeAnswers: [],
      videoUrl: null, // an in-person visit
      seriesId: null,
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: expect.stringMatching(/Z$/),
    });
    const [row] = await queryRows<{ period: string; doctor_period: string }>(t, sql`select period::text, doctor_period::text from appointments where id = ${response.json().id}`);
    expect(row!.period).toMatch(/^\["2027-03-08 10:00:00\+00","2027-03-08 10:30:00\+00"\)$/);
    expect(row!.doctor_period).toMatch(/^\["2027-03-08 10:00:00\+00","2027-03-08 10:40:00\+00"\)$/);
  });

  it('is 422 SLOT_NOT_AVAILABLE for a start that is not an offered slot', async () => {
    const doctor = await createBookableDoctor(t);
    const patient = await createPatient(t);
    const body = { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId };
    expectProblem(await book(t, patient.token, { ...body, start: '2027-03-08T10:10:00Z' }), 422, 'SLOT_NOT_AVAILABLE'); // off the grid
    await t.request({ method: 'POST', url: '/api/v1/doctors/me/time-off', headers: bearer(doctor.token), payload: { start: '2027-03-08T12:00:00Z', end: '2027-03-08T13:00:00Z' } });
    expectProblem(await book(t, patient.token, { ...body, start: '2027-03-08T12:30:00Z' }), 422, 'SLOT_NOT_AVAILABLE'); // time off
    expectProblem(await book(t, patient.token, { ...body, start: '2027-03-08T20:00:00Z' }), 422, 'SLOT_NOT_AVAILABLE'); // outside hours
    expectProblem(await book(t, patient.token, { ...body, start: '2027-02-22T10:00:00Z' }), 422, 'SLOT_NOT_AVAILABLE'); // the past
    expectProblem(await book(t, patient.token, { ...body, start: '2027-09-01T10:00:00Z' }), 422, 'SLOT_NOT_AVAILABLE'); // beyond 90 days
  });

  it('books only verified doctors and active types (404 otherwise), and only for patients', async () => {
    const pending = await createBookableDoctor(t, { status: 'pending' });
    const patient = await createPatient(t);
    expectProblem(await book(t, patient.token, { doctorId: pending.doctorId, appointmentTypeId: pending.typeId, start: SLOT }), 404, 'NOT_FOUND');
    const doctor = await createBookableDoctor(t);
    await t.request({ method: 'DELETE', url: `/api/v1/doctors/me/appointment-types/${doctor.typeId}`, headers: bearer(doctor.token) });
    expectProblem(await book(t, patient.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: SLOT }), 404, 'NOT_FOUND');
    expectProblem(await book(t, doctor.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: SLOT }), 403, 'FORBIDDEN');
  });

  it('rejects unknown fields and malformed instants with 400', async () => {
    const doctor = await createBookableDoctor(t);
    const patient = await createPatient(t);
    expectProblem(await book(t, patient.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: SLOT, status: 'completed' } as never), 400, 'VALIDATION_FAILED');
    expectProblem(await book(t, patient.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: '2027-03-08 10:00' }), 400, 'VALIDATION_FAILED');
  });

  it('gives exactly one 201 and 23 × 409 SLOT_TAKEN for 24 concurrent bookings of one slot', async () => {
    const doctor = await createBookableDoctor(t);
    const patients = await Promise.all(Array.from({ length: 24 }, () => createPatient(t)));
    const before = await bookingCounts();
    const responses = await Promise.all(patients.map((p) => book(t, p.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: SLOT })));
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
    const losers = responses.filter((r) => r.statusCode !== 201);
    expect(losers).toHaveLength(23);
    for (const r of losers) expectProblem(r, 409, 'SLOT_TAKEN');
    const rows = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from appointments where doctor_id = ${doctor.doctorId}`);
    expect(rows[0]!.n).toBe(1);
    const after = await bookingCounts();
    expect((after.created ?? 0) - (before.created ?? 0)).toBe(1);
    expect((after.slot_taken ?? 0) - (before.slot_taken ?? 0)).toBe(23);
  });

  /** bookings_total by outcome, from GET /metrics. */
  async function bookingCounts(): Promise<Record<string, number>> {
    const text = (await t.request({ method: 'GET', url: '/metrics' })).body;
    return Object.fromEntries([...text.matchAll(/^bookings_total\{outcome="([a-z_]+)"\} (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
  }

  it('refuses a booking that overlaps the buffer of another: 409 SLOT_TAKEN, by the constraint', async () => {
    // 20-minute grid, 30-minute visits + 10 buffer: 09:40 holds the doctor until 10:20.
    const doctor = await createBookableDoctor(t, { availability: { slotIntervalMinutes: 20 }, type: { durationMinutes: 30, bufferMinutes: 10 } });
    const [first, second] = [await createPatient(t), await createPatient(t)];
    await bookOk(t, first.token, doctor, '2027-03-08T09:40:00.000Z');
    expect(await slotStarts(t, doctor, '2027-03-08')).not.toContain('2027-03-08T10:00:00.000Z');
    expectProblem(await book(t, second.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: '2027-03-08T10:00:00.000Z' }), 409, 'SLOT_TAKEN');
    expect((await book(t, second.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: '2027-03-08T10:20:00.000Z' })).statusCode).toBe(201);
    // Straight to the database: the constraint itself refuses the overlap with the buffer.
    const insert = queryRows(
      t,
      sql`insert into appointments (doctor_id, patient_id, appointment_type_id, start_at, end_at, busy_until, mode)
          values (${doctor.doctorId}, ${first.userId}, ${doctor.typeId}, '2027-03-08T09:05:00Z', '2027-03-08T09:35:00Z', '2027-03-08T09:45:00Z', 'video')`,
    );
    await expect(insert).rejects.toMatchObject({ cause: expect.objectContaining({ code: '23P01', constraint: 'appointments_doctor_no_overlap' }) });
  });

  it('gives 409 PATIENT_CONFLICT when the patient already holds an overlapping appointment', async () => {
    const [a, b] = [await createBookableDoctor(t), await createBookableDoctor(t)];
    const patient = await createPatient(t);
    await bookOk(t, patient.token, a, SLOT);
    expectProblem(await book(t, patient.token, { doctorId: b.doctorId, appointmentTypeId: b.typeId, start: SLOT }), 409, 'PATIENT_CONFLICT');
    expect(await slotStarts(t, b, '2027-03-08')).toContain(SLOT);
  });

  it('lets one patient hold only one of two appointments booked at once with two doctors for the same time', async () => {
    for (const [a, b] of [
      [SLOT, SLOT], // the same slot
      ['2027-03-08T11:00:00.000Z', '2027-03-08T11:15:00.000Z'], // overlapping, on two grids
    ] as const) {
      const first = await createBookableDoctor(t);
      const second = await createBookableDoctor(t, { availability: { slotIntervalMinutes: 15 } });
      const patient = await createPatient(t);
      const responses = await Promise.all([
        book(t, patient.token, { doctorId: first.doctorId, appointmentTypeId: first.typeId, start: a }),
        book(t, patient.token, { doctorId: second.doctorId, appointmentTypeId: second.typeId, start: b }),
      ]);
      expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      expectProblem(responses.find((r) => r.statusCode === 409)!, 409, 'PATIENT_CONFLICT');
      const rows = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from appointments where patient_id = ${patient.userId} and status = 'confirmed'`);
      expect(rows[0]!.n).toBe(1);
    }
  });

  describe('Idempotency-Key', () => {
    it('returns the original response for the same key and body, without booking again', async () => {
      const doctor = await createBookableDoctor(t);
      const patient = await createPatient(t);
      const body = { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: SLOT };
      const first = await book(t, patient.token, body, { 'idempotency-key': 'book-1' });
      expect(first.statusCode, first.body).toBe(201);
      const again = await book(t, patient.token, { ...body, start: '2027-03-08T11:00:00+01:00' }, { 'idempotency-key': 'book-1' });
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual(first.json());
      const rows = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from appointments where patient_id = ${patient.userId}`);
      expect(rows[0]!.n).toBe(1);
    });

    it('is 422 IDEMPOTENCY_KEY_MISMATCH for the same key with another body', async () => {
      const doctor = await createBookableDoctor(t);
      const patient = await createPatient(t);
      const body = { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: SLOT };
      expect((await book(t, patient.token, body, { 'idempotency-key': 'k-2' })).statusCode).toBe(201);
      expectProblem(await book(t, patient.token, { ...body, start: '2027-03-08T11:00:00Z' }, { 'idempotency-key': 'k-2' }), 422, 'IDEMPOTENCY_KEY_MISMATCH');
    });

    it('counts the visit reason as part of the request: another reason with the same key is 422', async () => {
      const doctor = await createBookableDoctor(t);
      const patient = await createPatient(t);
      const body = { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: SLOT };
      const first = await book(t, patient.token, { ...body, reason: 'Cough' }, { 'idempotency-key': 'k-reason' });
      expect(first.statusCode, first.body).toBe(201);
      expectProblem(await book(t, patient.token, { ...body, reason: 'Chest pain' }, { 'idempotency-key': 'k-reason' }), 422, 'IDEMPOTENCY_KEY_MISMATCH');
      expectProblem(await book(t, patient.token, body, { 'idempotency-key': 'k-reason' }), 422, 'IDEMPOTENCY_KEY_MISMATCH');
      // The same reason again is the same request: the original answer, not a second booking.
      const again = await book(t, patient.token, { ...body, reason: 'Cough' }, { 'idempotency-key': 'k-reason' });
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual(first.json());
    });

    it('keeps keys per user, and forgets them after 24 hours', async () => {
      const doctor = await createBookableDoctor(t);
      const [p1, p2] = [await createPatient(t), await createPatient(t)];
      expect((await book(t, p1.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: SLOT }, { 'idempotency-key': 'shared' })).statusCode).toBe(201);
      const other = await book(t, p2.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: '2027-03-08T11:00:00Z' }, { 'idempotency-key': 'shared' });
      expect(other.statusCode, other.body).toBe(201);

      await queryRows(t, sql`update idempotency_keys set created_at = now() - interval '25 hours' where user_id = ${p1.userId}`);
      const late = await book(t, p1.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: '2027-03-08T12:00:00Z' }, { 'idempotency-key': 'shared' });
      expect(late.statusCode, late.body).toBe(201);
      expect(late.json().start).toBe('2027-03-08T12:00:00.000Z');
    });

    it('books once for concurrent requests with one key', async () => {
      const doctor = await createBookableDoctor(t);
      const patient = await createPatient(t);
      const body = { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: SLOT };
      const responses = await Promise.all(Array.from({ length: 8 }, () => book(t, patient.token, body, { 'idempotency-key': 'same-time' })));
      for (const r of responses) expect(r.statusCode, r.body).toBe(201);
      expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
      const rows = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from appointments where patient_id = ${patient.userId}`);
      expect(rows[0]!.n).toBe(1);
    });

    it('rejects a malformed key with 400', async () => {
      const doctor = await createBookableDoctor(t);
      const patient = await createPatient(t);
      expectProblem(await book(t, patient.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: SLOT }, { 'idempotency-key': 'x'.repeat(300) }), 400, 'VALIDATION_FAILED');
    });
  });

  it('never logs the visit reason', async () => {
    const doctor = await createBookableDoctor(t);
    const patient = await createPatient(t);
    const reason = 'Confidential-symptom-7f3a';
    const booked = await bookOk(t, patient.token, doctor, SLOT, reason);
    await t.request({ method: 'POST', url: `/api/v1/appointments/${booked.id}/cancel`, headers: bearer(doctor.token), payload: { reason: 'Confidential-cancel-9b1c' } });
    const logs = JSON.stringify(t.logs);
    expect(logs).not.toContain(reason);
    expect(logs).not.toContain('Confidential-cancel-9b1c');
    const audit = JSON.stringify(await queryRows(t, sql`select * from audit_events`));
    expect(audit).not.toContain(reason);
    const outbox = JSON.stringify(await queryRows(t, sql`select * from outbox`));
    expect(outbox).not.toContain(reason);
  });
});
