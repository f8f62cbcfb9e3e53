import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient } from '../../helpers/factories.js';
import { expireHold, hold, holdOk } from '../../helpers/holds.js';
import { expectProblem } from '../../helpers/http.js';
import { appointmentAction, book, bookOk, setNow, slotStarts } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const NOW = '2027-03-01T00:00:00.000Z';
const SLOT = '2027-03-08T10:00:00.000Z';
const NEXT = '2027-03-08T10:30:00.000Z';

describe('holds', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    setNow(t, NOW);
  });
  afterAll(() => t.close());

  const body = (doctor: { doctorId: string; typeId: string }, start = SLOT, holdId?: string) => ({ doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start, ...(holdId ? { holdId } : {}) });

  it('holds an offered slot: 201 with its end and expiry, and the slot leaves the listing until it is released', async () => {
    const doctor = await createBookableDoctor(t);
    const patient = await createPatient(t);
    const before = Date.now();
    const held = await holdOk(t, patient.token, doctor, SLOT);
    expect(held).toEqual({ id: expect.any(String), start: SLOT, end: '2027-03-08T10:30:00.000Z', expiresAt: expect.stringMatching(/Z$/) });
    // HOLD_MINUTES (5) of the database's clock.
    const lifetime = new Date(held.expiresAt).getTime() - before;
    expect(lifetime).toBeGreaterThan(4 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(5 * 60_000 + 5_000);
    expect(await slotStarts(t, doctor, '2027-03-08')).not.toContain(SLOT);
    expect((await t.request({ method: 'DELETE', url: `/api/v1/appointments/holds/${held.id}`, headers: bearer(patient.token) })).statusCode).toBe(204);
    expect(await slotStarts(t, doctor, '2027-03-08')).toContain(SLOT);
  });

  it('gives exactly one 201 for concurrent holds of one slot, 409 SLOT_TAKEN to the rest', async () => {
    const doctor = await createBookableDoctor(t);
    const patients = await Promise.all(Array.from({ length: 8 }, () => createPatient(t)));
    const responses = await Promise.all(patients.map((p) => hold(t, p.token, doctor, SLOT)));
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of responses.filter((r) => r.statusCode !== 201)) expectProblem(r, 409, 'SLOT_TAKEN');
  });

  it("blocks others' bookings and holds (409 SLOT_TAKEN), not its holder's booking with the hold", async () => {
    const doctor = await createBookableDoctor(t);
    const [holder, other] = [await createPatient(t), await createPatient(t)];
    const held = await holdOk(t, holder.token, doctor, SLOT);
    expectProblem(await book(t, other.token, body(doctor)), 409, 'SLOT_TAKEN');
    expectProblem(await hold(t, other.token, doctor, SLOT), 409, 'SLOT_TAKEN');
    const booked = await book(t, holder.token, body(doctor, SLOT, held.id));
    expect(booked.statusCode, booked.body).toBe(201);
    const [row] = await queryRows<{ ended: string }>(t, sql`select ended from appointment_holds where id = ${held.id}`);
    expect(row!.ended).toBe('booked');
    // Converted once: the same hold cannot book again.
    expectProblem(await book(t, holder.token, body(doctor, NEXT, held.id)), 404, 'NOT_FOUND');
  });

  it('blocks a move of another appointment into the held slot', async () => {
    const doctor = await createBookableDoctor(t);
    const [holder, other] = [await createPatient(t), await createPatient(t)];
    const appointment = await bookOk(t, other.token, doctor, NEXT);
    await holdOk(t, holder.token, doctor, SLOT);
    expectProblem(await appointmentAction(t, other.token, appointment.id, 'reschedule', { start: SLOT }), 409, 'SLOT_TAKEN');
  });

  it('lets an expired hold block nobody, with nothing swept', async () => {
    const doctor = await createBookableDoctor(t);
    const [first, second, third] = [await createPatient(t), await createPatient(t), await createPatient(t)];
    const held = await holdOk(t, first.token, doctor, SLOT);
    await expireHold(t, held.id);
    expect(await slotStarts(t, doctor, '2027-03-08')).toContain(SLOT);
    const again = await holdOk(t, second.token, doctor, SLOT);
    await expireHold(t, again.id, 4);
    await bookOk(t, third.token, doctor, SLOT);
    // Both expired holds are still there, unswept.
    const rows = await queryRows<{ ended: string | null }>(t, sql`select ended from appointment_holds where doctor_id = ${doctor.doctorId}`);
    expect(rows).toEqual([{ ended: null }, { ended: null }]);
  });

  it('refuses a hold of a booked slot (409) and of a start that is not offered (422)', async () => {
    const doctor = await createBookableDoctor(t);
    const [a, b] = [await createPatient(t), await createPatient(t)];
    await bookOk(t, a.token, doctor, SLOT);
    expectProblem(await hold(t, b.token, doctor, SLOT), 409, 'SLOT_TAKEN');
    expectProblem(await hold(t, b.token, doctor, '2027-03-08T10:10:00.000Z'), 422, 'SLOT_NOT_AVAILABLE');
  });

  it("replaces the patient's previous hold with a new one", async () => {
    const doctor = await createBookableDoctor(t);
    const [a, b] = [await createPatient(t), await createPatient(t)];
    const first = await holdOk(t, a.token, doctor, SLOT);
    await holdOk(t, a.token, doctor, NEXT);
    await holdOk(t, b.token, doctor, SLOT);
    const [row] = await queryRows<{ ended: string }>(t, sql`select ended from appointment_holds where id = ${first.id}`);
    expect(row!.ended).toBe('replaced');
    expectProblem(await book(t, a.token, body(doctor, SLOT, first.id)), 404, 'NOT_FOUND');
  });

  it("is 404 for another patient's hold (release or booking) and 422 HOLD_MISMATCH for a hold of another slot", async () => {
    const doctor = await createBookableDoctor(t);
    const [a, b] = [await createPatient(t), await createPatient(t)];
    const held = await holdOk(t, a.token, doctor, SLOT);
    expectProblem(await t.request({ method: 'DELETE', url: `/api/v1/appointments/holds/${held.id}`, headers: bearer(b.token) }), 404, 'NOT_FOUND');
    expectProblem(await book(t, b.token, body(doctor, SLOT, held.id)), 404, 'NOT_FOUND');
    expectProblem(await book(t, a.token, body(doctor, NEXT, held.id)), 422, 'HOLD_MISMATCH');
    // The refused booking rolled back: the hold still lives and still blocks b.
    expectProblem(await book(t, b.token, body(doctor)), 409, 'SLOT_TAKEN');
    await bookOk(t, a.token, doctor, SLOT);
  });

  it('never double-books when the holder converts the hold while others race for the slot', async () => {
    for (let round = 0; round < 3; round++) {
      const doctor = await createBookableDoctor(t);
      const holder = await createPatient(t);
      const racers = await Promise.all(Array.from({ length: 6 }, () => createPatient(t)));
      const held = await holdOk(t, holder.token, doctor, SLOT);
      const responses = await Promise.all([book(t, holder.token, body(doctor, SLOT, held.id)), ...racers.map((r) => book(t, r.token, body(doctor)))]);
      expect(responses[0]!.statusCode, responses[0]!.body).toBe(201);
      for (const r of responses.slice(1)) expectProblem(r, 409, 'SLOT_TAKEN');
      const rows = await queryRows<{ patient_id: string }>(t, sql`select patient_id from appointments where doctor_id = ${doctor.doctorId} and status = 'confirmed'`);
      expect(rows).toEqual([{ patient_id: holder.userId }]);
    }
  }, 120_000);

  it('is for patients only', async () => {
    const doctor = await createBookableDoctor(t);
    expectProblem(await hold(t, doctor.token, doctor, SLOT), 403, 'FORBIDDEN');
  });
});
