import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppointmentsService } from '../../../src/modules/scheduling/appointments/appointments.service.js';
import { queryRows } from '../../helpers/db.js';
import { onRealPostgres } from '../../helpers/lanes.js';
import { insertAppointment, insertBookableDoctor, insertBookedVisit, insertUser } from '../../helpers/rows/index.js';
import { setNow } from '../../helpers/scheduling.js';
import { clientContext, codeOf } from '../../helpers/services.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const NOW = '2027-03-01T00:00:00.000Z';
const START = '2027-03-08T10:00:00.000Z';
/** 24 hours (the default cancellationNoticeHours) before START, and a second later. */
const WINDOW_EDGE = '2027-03-07T10:00:00.000Z';
const INSIDE_WINDOW = '2027-03-07T10:00:01.000Z';
const CLIENT = clientContext();

describe(`cancelling through AppointmentsService on a real database (${onRealPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestApp;
  let appointments: AppointmentsService;
  beforeAll(async () => {
    t = await startTestApp();
    appointments = t.app.get(AppointmentsService);
  });
  beforeEach(() => setNow(t, NOW));
  afterAll(() => t?.close());

  const booked = () => insertBookedVisit(t, START);
  const stored = async (id: string) =>
    (await queryRows<{ status: string; cancelled_by: string | null }>(t, sql`select status, cancelled_by from appointments where id = ${id}`))[0];

  it('lets the patient cancel up to the doctor’s notice before the start, recording who cancelled', async () => {
    const { patient, id } = await booked();
    setNow(t, WINDOW_EDGE);
    const dto = await appointments.cancel(patient, id, { reason: 'Feeling better' }, CLIENT);
    expect(dto).toMatchObject({ id, status: 'cancelled', cancelledBy: 'patient', cancellationReason: 'Feeling better' });
    expect(await stored(id)).toEqual({ status: 'cancelled', cancelled_by: 'patient' });
  });

  it('refuses the patient inside the notice window with CANCELLATION_WINDOW_PASSED and leaves the appointment confirmed', async () => {
    const { patient, id } = await booked();
    setNow(t, INSIDE_WINDOW);
    expect(await codeOf(appointments.cancel(patient, id, undefined, CLIENT))).toBe('CANCELLATION_WINDOW_PASSED');
    expect(await stored(id)).toEqual({ status: 'confirmed', cancelled_by: null });
  });

  it('reads the window from the doctor’s availability: with 48 hours’ notice, two days before is already too late', async () => {
    const doctor = await insertBookableDoctor(t, { availability: { cancellationNoticeHours: 48 } });
    const patient = await insertUser(t);
    const id = await insertAppointment(t, { type: doctor.type, patientId: patient.userId, start: START });
    setNow(t, '2027-03-06T10:00:01.000Z');
    expect(await codeOf(appointments.cancel(patient, id, undefined, CLIENT))).toBe('CANCELLATION_WINDOW_PASSED');
  });

  it('lets the doctor cancel inside the window', async () => {
    const { doctor, id } = await booked();
    setNow(t, INSIDE_WINDOW);
    expect(await appointments.cancel(doctor.principal, id, { reason: 'Ill' }, CLIENT)).toMatchObject({ status: 'cancelled', cancelledBy: 'doctor', cancellationReason: 'Ill' });
  });

  it('refuses a second cancellation with INVALID_STATUS_TRANSITION, whoever asks', async () => {
    const { doctor, patient, id } = await booked();
    await appointments.cancel(patient, id, undefined, CLIENT);
    expect(await codeOf(appointments.cancel(patient, id, undefined, CLIENT))).toBe('INVALID_STATUS_TRANSITION');
    expect(await codeOf(appointments.cancel(doctor.principal, id, undefined, CLIENT))).toBe('INVALID_STATUS_TRANSITION');
    expect(await stored(id)).toEqual({ status: 'cancelled', cancelled_by: 'patient' });
  });

  it('refuses to cancel a completed visit', async () => {
    const doctor = await insertBookableDoctor(t);
    const patient = await insertUser(t);
    const id = await insertAppointment(t, { type: doctor.type, patientId: patient.userId, start: '2027-02-22T10:00:00Z', status: 'completed' });
    expect(await codeOf(appointments.cancel(doctor.principal, id, undefined, CLIENT))).toBe('INVALID_STATUS_TRANSITION');
  });

  it('announces the cancellation through the outbox', async () => {
    const { patient, id } = await booked();
    await appointments.cancel(patient, id, undefined, CLIENT);
    const kinds = await queryRows<{ kind: string }>(t, sql`select distinct kind from outbox where payload->>'appointmentId' = ${id}`);
    expect(kinds.map((k) => k.kind)).toEqual(['appointment.cancelled']);
  });
});
