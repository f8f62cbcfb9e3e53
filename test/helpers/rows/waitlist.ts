import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db.js';
import type { TestApp } from '../test-app.js';
import type { RowAppointmentType } from './scheduling.js';
import { sqlInstant } from './sql.js';

/** An open waitlist entry of `patientId` for `type` (its doctor) over a week of 2030; returns its id. */
export async function insertWaitlistEntry(t: TestApp, type: RowAppointmentType, patientId: string): Promise<string> {
  const id = randomUUID();
  await queryRows(
    t,
    sql`insert into waitlist_entries (id, patient_id, doctor_id, appointment_type_id, from_at, to_at)
        values (${id}, ${patientId}, ${type.doctorId}, ${type.id}, ${sqlInstant('2030-06-01T00:00:00Z')}, ${sqlInstant('2030-06-08T00:00:00Z')})`,
  );
  return id;
}

/** A live hold (ten more minutes) of `patientId` on the slot of `type` at `start`; returns its id. */
export async function insertHold(t: TestApp, type: RowAppointmentType, patientId: string, start: string): Promise<string> {
  const id = randomUUID();
  const end = new Date(new Date(start).getTime() + type.durationMinutes * 60_000);
  const busyUntil = new Date(end.getTime() + type.bufferMinutes * 60_000);
  await queryRows(
    t,
    sql`insert into appointment_holds (id, doctor_id, patient_id, appointment_type_id, start_at, end_at, busy_until, expires_at)
        values (${id}, ${type.doctorId}, ${patientId}, ${type.id}, ${sqlInstant(start)}, ${sqlInstant(end)}, ${sqlInstant(busyUntil)}, now() + interval '10 minutes')`,
  );
  return id;
}
