import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor, createPatient, type BookableDoctor } from '../../helpers/factories.js';
import { appointmentAction, book, bookOk, slotStarts } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const CAP = 3;

function dayAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function futureConfirmed(t: TestApp, patientId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from appointments where patient_id = ${patientId} and status = 'confirmed' and start_at > now()`);
  return Number(row!.n);
}

describe('the cap on future appointments', () => {
  let t: TestApp;
  let doctor: BookableDoctor;
  let starts: string[];

  beforeAll(async () => {
    t = await startTestApp({ env: { MAX_FUTURE_APPOINTMENTS: String(CAP) } });
    doctor = await createBookableDoctor(t);
    const day = dayAhead(9);
    starts = await slotStarts(t, doctor, day, day);
    expect(starts.length).toBeGreaterThanOrEqual(12);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 422 TOO_MANY_APPOINTMENTS for one beyond MAX_FUTURE_APPOINTMENTS, and frees a place when one is cancelled', async () => {
    const patient = await createPatient(t);
    const booked: string[] = [];
    for (let i = 0; i < CAP; i++) booked.push((await bookOk(t, patient.token, doctor, starts[i]!)).id);
    const refused = await book(t, patient.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: starts[CAP]! });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.json()).toMatchObject({ code: 'TOO_MANY_APPOINTMENTS', status: 422 });
    expect(await futureConfirmed(t, patient.userId)).toBe(CAP);
    // Another patient is not affected.
    const other = await createPatient(t);
    await bookOk(t, other.token, doctor, starts[CAP]!);

    expect((await appointmentAction(t, patient.token, booked[0]!, 'cancel', { reason: 'changed plans' })).statusCode).toBe(200);
    await bookOk(t, patient.token, doctor, starts[CAP + 1]!);
    expect(await futureConfirmed(t, patient.userId)).toBe(CAP);
  });

  it('holds under parallel bookings: never more than MAX_FUTURE_APPOINTMENTS, the rest 422', async () => {
    const patient = await createPatient(t);
    const own = await createBookableDoctor(t);
    const candidates = (await slotStarts(t, own, dayAhead(9), dayAhead(9))).slice(0, 8);
    const doctor = own;
    const responses = await Promise.all(candidates.map((start) => book(t, patient.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start })));
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(CAP);
    expect(statuses.filter((s) => s === 422)).toHaveLength(candidates.length - CAP);
    expect(await futureConfirmed(t, patient.userId)).toBe(CAP);
  });

  it('holds with Idempotency-Key too', async () => {
    const patient = await createPatient(t);
    const doctor = await createBookableDoctor(t);
    const candidates = (await slotStarts(t, doctor, dayAhead(9), dayAhead(9))).slice(0, CAP + 2);
    const responses = await Promise.all(
      candidates.map((start, i) => book(t, patient.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start }, { 'idempotency-key': `cap-${patient.userId}-${i}` })),
    );
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(CAP);
    expect(responses.filter((r) => r.statusCode === 422)).toHaveLength(2);
    expect(await futureConfirmed(t, patient.userId)).toBe(CAP);
  });
});
