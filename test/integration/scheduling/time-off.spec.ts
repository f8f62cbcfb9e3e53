import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AvailabilityService } from '../../../src/modules/scheduling/availability/availability.service.js';
import { TimeOffService } from '../../../src/modules/scheduling/availability/time-off.service.js';
import { BookingService } from '../../../src/modules/scheduling/appointments/booking.service.js';
import { queryRows } from '../../helpers/db.js';
import { onRealPostgres } from '../../helpers/lanes.js';
import { insertAppointment, insertBookableDoctor, insertUser } from '../../helpers/rows/index.js';
import { setNow } from '../../helpers/scheduling.js';
import { clientContext, codeOf } from '../../helpers/services.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const NOW = '2027-03-01T00:00:00.000Z';
const CLIENT = clientContext();

describe(`time off and hours against booked appointments (${onRealPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(() => setNow(t, NOW));
  afterAll(() => t?.close());

  const statusOf = async (id: string) => (await queryRows<{ status: string }>(t, sql`select status from appointments where id = ${id}`))[0]!.status;

  it('adding time off lists the confirmed appointments it overlaps and cancels none of them', async () => {
    const doctor = await insertBookableDoctor(t);
    const other = await insertBookableDoctor(t);
    const patientId = (await insertUser(t)).userId;
    const at = (start: string) => insertAppointment(t, { type: doctor.type, patientId, start });
    const inside = await at('2027-03-08T10:00:00Z');
    const straddling = await at('2027-03-08T11:30:00Z');
    const endsAtStart = await at('2027-03-08T09:30:00Z');
    const cancelledInside = await insertAppointment(t, { type: doctor.type, patientId: (await insertUser(t)).userId, start: '2027-03-08T10:00:00Z', status: 'cancelled' });
    const othersDoctor = await insertAppointment(t, { type: other.type, patientId: (await insertUser(t)).userId, start: '2027-03-08T10:30:00Z' });

    const created = await t.app.get(TimeOffService).add(doctor.principal, { start: new Date('2027-03-08T10:00:00Z'), end: new Date('2027-03-08T11:45:00Z'), reason: 'Conference' });
    expect(created).toMatchObject({ start: '2027-03-08T10:00:00.000Z', end: '2027-03-08T11:45:00.000Z', reason: 'Conference' });
    expect(created.conflictingAppointmentIds).toEqual([inside, straddling]);
    for (const id of [inside, straddling, endsAtStart, othersDoctor]) expect(await statusOf(id)).toBe('confirmed');
    expect(await statusOf(cancelledInside)).toBe('cancelled');
    // What the time off does: no new booking in it.
    const booking = t.app.get(BookingService);
    const patient = await insertUser(t);
    expect(await codeOf(booking.book(patient, { doctorId: doctor.doctorId, appointmentTypeId: doctor.type.id, start: new Date('2027-03-08T10:30:00Z') }, undefined, CLIENT))).toBe('SLOT_NOT_AVAILABLE');
  });

  it('narrowing the weekly hours away from a booked appointment cancels nothing either', async () => {
    const doctor = await insertBookableDoctor(t);
    const id = await insertAppointment(t, { type: doctor.type, patientId: (await insertUser(t)).userId, start: '2027-03-08T16:00:00Z' });
    await t.app.get(AvailabilityService).replace(doctor.principal, {
      weekly: [{ day: 'monday', start: '09:00', end: '12:00' }],
      slotIntervalMinutes: null,
      minNoticeMinutes: 60,
      maxAdvanceDays: 90,
      cancellationNoticeHours: 24,
    });
    expect(await statusOf(id)).toBe('confirmed');
  });
});
