import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BookingService } from '../../../src/modules/scheduling/appointments/booking.service.js';
import type { BookAppointmentInput } from '../../../src/modules/scheduling/appointments/dto/appointment.inputs.js';
import { queryRows } from '../../helpers/db.js';
import { onRealPostgres } from '../../helpers/lanes.js';
import { insertAppointment, insertBookableDoctor, insertTimeOff, insertUser, type RowBookableDoctor, type RowUser } from '../../helpers/rows/index.js';
import { setNow } from '../../helpers/scheduling.js';
import { clientContext, codeOf } from '../../helpers/services.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const NOW = '2027-03-01T00:00:00.000Z'; // a Monday
const SLOT = '2027-03-08T10:00:00.000Z'; // the Monday after, inside 09:00–17:00 UTC
const CAP = 3;
const CLIENT = clientContext();

describe(`BookingService on a real database (${onRealPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestApp;
  let booking: BookingService;
  beforeAll(async () => {
    t = await startTestApp({ env: { MAX_FUTURE_APPOINTMENTS: String(CAP) } });
    booking = t.app.get(BookingService);
  });
  beforeEach(() => setNow(t, NOW));
  afterAll(() => t?.close());

  const input = (doctor: RowBookableDoctor, start: string, reason?: string): BookAppointmentInput => ({
    doctorId: doctor.doctorId,
    appointmentTypeId: doctor.type.id,
    start: new Date(start),
    ...(reason ? { reason } : {}),
  });
  /** BookingService.book as the controller calls it, with an optional reason and Idempotency-Key. */
  const book = (patient: RowUser, doctor: RowBookableDoctor, start: string, options: { reason?: string; key?: string } = {}) =>
    booking.book(patient, input(doctor, start, options.reason), options.key, CLIENT);
  const confirmedOf = async (patientId: string) =>
    (await queryRows<{ start: string }>(t, sql`select to_char(start_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as start from appointments where patient_id = ${patientId} and status = 'confirmed' order by start_at`)).map((r) => r.start);

  it('books a free slot: the appointment is stored confirmed, with the type’s length and buffer on the doctor’s range', async () => {
    const doctor = await insertBookableDoctor(t, { type: { durationMinutes: 30, bufferMinutes: 10 } });
    const patient = await insertUser(t, 'patient', 'Ada Patient');
    const dto = await book(patient, doctor, SLOT, { reason: 'Cough' });
    expect(dto).toMatchObject({ doctorId: doctor.doctorId, patientId: patient.userId, patientName: 'Ada Patient', start: SLOT, end: '2027-03-08T10:30:00.000Z', status: 'confirmed', reason: 'Cough' });
    const [row] = await queryRows<{ doctor_period: string }>(t, sql`select doctor_period::text from appointments where id = ${dto.id}`);
    expect(row!.doctor_period).toMatch(/^\["2027-03-08 10:00:00\+00","2027-03-08 10:40:00\+00"\)$/);
  });

  describe('refuses with SLOT_NOT_AVAILABLE a start the schedule does not offer', () => {
    it('outside the doctor’s hours (the last slot of the day is still offered)', async () => {
      const doctor = await insertBookableDoctor(t);
      const patient = await insertUser(t);
      expect(await codeOf(book(patient, doctor, '2027-03-08T17:00:00Z'))).toBe('SLOT_NOT_AVAILABLE');
      expect(await codeOf(book(patient, doctor, '2027-03-08T08:30:00Z'))).toBe('SLOT_NOT_AVAILABLE');
      expect((await book(patient, doctor, '2027-03-08T16:30:00Z')).start).toBe('2027-03-08T16:30:00.000Z');
    });

    it('in the doctor’s time off (the slots either side of it are offered)', async () => {
      const doctor = await insertBookableDoctor(t);
      await insertTimeOff(t, doctor.doctorId, { start: '2027-03-08T12:00:00Z', end: '2027-03-08T13:00:00Z' });
      const patient = await insertUser(t);
      expect(await codeOf(book(patient, doctor, '2027-03-08T12:30:00Z'))).toBe('SLOT_NOT_AVAILABLE');
      expect(await codeOf(book(patient, doctor, '2027-03-08T12:00:00Z'))).toBe('SLOT_NOT_AVAILABLE');
      await book(patient, doctor, '2027-03-08T11:30:00Z');
      await book(patient, doctor, '2027-03-08T13:00:00Z');
      expect(await confirmedOf(patient.userId)).toEqual(['2027-03-08T11:30', '2027-03-08T13:00']);
    });

    it('in the past by the app’s clock (with no notice asked, the very instant of the start is still bookable)', async () => {
      const doctor = await insertBookableDoctor(t, { availability: { minNoticeMinutes: 0 } });
      const patient = await insertUser(t);
      setNow(t, '2027-03-08T10:00:01Z');
      expect(await codeOf(book(patient, doctor, SLOT))).toBe('SLOT_NOT_AVAILABLE');
      setNow(t, SLOT);
      expect((await book(patient, doctor, SLOT)).start).toBe(SLOT);
    });

    it('maxAdvanceDays or more ahead', async () => {
      const doctor = await insertBookableDoctor(t, { availability: { maxAdvanceDays: 14 } });
      const patient = await insertUser(t);
      expect(await codeOf(book(patient, doctor, '2027-03-15T09:00:00Z'))).toBe('SLOT_NOT_AVAILABLE');
      expect((await book(patient, doctor, '2027-03-14T16:30:00Z')).start).toBe('2027-03-14T16:30:00.000Z');
    });
  });

  it('refuses a second booking of the same slot with SLOT_TAKEN, and stores one', async () => {
    const doctor = await insertBookableDoctor(t);
    const [first, second] = [await insertUser(t), await insertUser(t)];
    await book(first, doctor, SLOT);
    expect(await codeOf(book(second, doctor, SLOT))).toBe('SLOT_TAKEN');
    expect(await confirmedOf(first.userId)).toEqual(['2027-03-08T10:00']);
    expect(await confirmedOf(second.userId)).toEqual([]);
  });

  it('refuses PATIENT_CONFLICT when the patient is booked elsewhere at that time', async () => {
    const [one, other] = [await insertBookableDoctor(t), await insertBookableDoctor(t)];
    const patient = await insertUser(t);
    await book(patient, one, SLOT);
    expect(await codeOf(book(patient, other, SLOT))).toBe('PATIENT_CONFLICT');
  });

  it('refuses TOO_MANY_APPOINTMENTS beyond MAX_FUTURE_APPOINTMENTS future confirmed ones; past (by the app’s clock) and cancelled ones do not count', async () => {
    const doctor = await insertBookableDoctor(t);
    const patient = await insertUser(t);
    const { type } = doctor;
    // In the past for the app's clock, though ahead of the database's own now().
    await insertAppointment(t, { type, patientId: patient.userId, start: '2027-02-22T10:00:00Z' });
    await insertAppointment(t, { type, patientId: patient.userId, start: '2027-03-09T10:00:00Z', status: 'cancelled' });
    for (let i = 1; i < CAP; i++) await insertAppointment(t, { type, patientId: patient.userId, start: `2027-03-0${i + 1}T09:00:00Z` });
    await book(patient, doctor, SLOT); // the CAP-th
    expect(await codeOf(book(patient, doctor, '2027-03-08T11:00:00Z'))).toBe('TOO_MANY_APPOINTMENTS');
    expect(await confirmedOf(patient.userId)).toHaveLength(CAP + 1); // the past one and CAP ahead
    // Another patient is not held back by this one's appointments.
    await book(await insertUser(t), doctor, '2027-03-08T11:00:00Z');
  });

  describe('with an Idempotency-Key', () => {
    it('answers a replay with the same appointment and books nothing more', async () => {
      const doctor = await insertBookableDoctor(t);
      const patient = await insertUser(t);
      const first = await book(patient, doctor, SLOT, { reason: 'Cough', key: 'key-1' });
      const again = await book(patient, doctor, SLOT, { reason: 'Cough', key: 'key-1' });
      expect(again).toEqual(first);
      expect(await confirmedOf(patient.userId)).toEqual(['2027-03-08T10:00']);
    });

    it('refuses another request under the same key with IDEMPOTENCY_KEY_MISMATCH, booking nothing', async () => {
      const doctor = await insertBookableDoctor(t);
      const patient = await insertUser(t);
      await book(patient, doctor, SLOT, { key: 'key-2' });
      expect(await codeOf(book(patient, doctor, '2027-03-08T11:00:00Z', { key: 'key-2' }))).toBe('IDEMPOTENCY_KEY_MISMATCH');
      expect(await codeOf(book(patient, doctor, SLOT, { reason: 'Another reason', key: 'key-2' }))).toBe('IDEMPOTENCY_KEY_MISMATCH');
      expect(await confirmedOf(patient.userId)).toEqual(['2027-03-08T10:00']);
    });
  });
});
