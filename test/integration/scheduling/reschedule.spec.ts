import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BookingService } from '../../../src/modules/scheduling/appointments/booking.service.js';
import { RescheduleService } from '../../../src/modules/scheduling/appointments/reschedule.service.js';
import { SlotsService } from '../../../src/modules/scheduling/slots/slots.service.js';
import { queryRows } from '../../helpers/db.js';
import { onRealPostgres } from '../../helpers/lanes.js';
import { insertAppointment, insertBookableDoctor, insertBookedVisit, insertUser, type RowBookableDoctor, type RowUser } from '../../helpers/rows/index.js';
import { setNow } from '../../helpers/scheduling.js';
import { clientContext, codeOf } from '../../helpers/services.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const NOW = '2027-03-01T00:00:00.000Z';
const START = '2027-03-08T10:00:00.000Z';
const LATER = '2027-03-08T11:00:00.000Z';
const CLIENT = clientContext();

describe(`RescheduleService on a real database (${onRealPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestApp;
  let reschedule: RescheduleService;
  beforeAll(async () => {
    t = await startTestApp();
    reschedule = t.app.get(RescheduleService);
  });
  beforeEach(() => setNow(t, NOW));
  afterAll(() => t?.close());

  const booked = () => insertBookedVisit(t, START);
  const move = (who: RowUser, id: string, start: string) => reschedule.reschedule(who, id, { start: new Date(start) }, CLIENT);
  const startOf = async (id: string) =>
    (await queryRows<{ start: string }>(t, sql`select to_char(start_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as start from appointments where id = ${id}`))[0]!.start;
  const offered = async (doctor: RowBookableDoctor) =>
    (await t.app.get(SlotsService).slots(doctor.doctorId, { appointmentTypeId: doctor.type.id, from: '2027-03-08', to: '2027-03-08' })).slots.map((s) => s.start);

  it('moves the appointment (the same one) to a free slot, and the old slot becomes free to book', async () => {
    const { doctor, patient, id } = await booked();
    expect(await offered(doctor)).not.toContain(START);
    expect(await move(patient, id, LATER)).toMatchObject({ id, start: LATER, end: '2027-03-08T11:30:00.000Z', status: 'confirmed' });
    expect(await startOf(id)).toBe('2027-03-08T11:00');
    const slots = await offered(doctor);
    expect(slots).toContain(START);
    expect(slots).not.toContain(LATER);
    const other = await insertUser(t);
    const taken = await t.app.get(BookingService).book(other, { doctorId: doctor.doctorId, appointmentTypeId: doctor.type.id, start: new Date(START) }, undefined, CLIENT);
    expect(taken.start).toBe(START);
  });

  it('moves by one slot onto a range overlapping its own old one', async () => {
    const { patient, id } = await booked();
    await move(patient, id, '2027-03-08T10:30:00.000Z');
    expect(await startOf(id)).toBe('2027-03-08T10:30');
  });

  it('keeps the old time when the new one is taken (SLOT_TAKEN) or not offered (SLOT_NOT_AVAILABLE)', async () => {
    const { doctor, patient, id } = await booked();
    await insertAppointment(t, { type: doctor.type, patientId: (await insertUser(t)).userId, start: LATER });
    expect(await codeOf(move(patient, id, LATER))).toBe('SLOT_TAKEN');
    expect(await codeOf(move(patient, id, '2027-03-08T20:00:00Z'))).toBe('SLOT_NOT_AVAILABLE');
    expect(await startOf(id)).toBe('2027-03-08T10:00');
  });

  it('refuses the patient inside the cancellation window (CANCELLATION_WINDOW_PASSED), while the doctor may still move it', async () => {
    const { doctor, patient, id } = await booked();
    setNow(t, '2027-03-07T10:00:01.000Z'); // 24 h minus a second before the start
    expect(await codeOf(move(patient, id, '2027-03-15T10:00:00Z'))).toBe('CANCELLATION_WINDOW_PASSED');
    expect(await startOf(id)).toBe('2027-03-08T10:00');
    await move(doctor.principal, id, LATER);
    expect(await startOf(id)).toBe('2027-03-08T11:00');
  });

  it('refuses anyone once the appointment has started (INVALID_STATUS_TRANSITION)', async () => {
    const doctor = await insertBookableDoctor(t, { availability: { cancellationNoticeHours: 0 } });
    const patient = await insertUser(t);
    const id = await insertAppointment(t, { type: doctor.type, patientId: patient.userId, start: START });
    setNow(t, START);
    expect(await codeOf(move(patient, id, '2027-03-09T10:00:00Z'))).toBe('INVALID_STATUS_TRANSITION');
    expect(await codeOf(move(doctor.principal, id, '2027-03-09T10:00:00Z'))).toBe('INVALID_STATUS_TRANSITION');
    expect(await startOf(id)).toBe('2027-03-08T10:00');
  });

  it('refuses a cancelled appointment (INVALID_STATUS_TRANSITION)', async () => {
    const doctor = await insertBookableDoctor(t);
    const patient = await insertUser(t);
    const id = await insertAppointment(t, { type: doctor.type, patientId: patient.userId, start: START, status: 'cancelled' });
    expect(await codeOf(move(patient, id, LATER))).toBe('INVALID_STATUS_TRANSITION');
  });
});
