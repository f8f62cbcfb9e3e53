import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AvailabilitySettings } from '../../../src/modules/scheduling/availability/availability.repository.js';
import type { AppointmentStatus, ConsultationMode } from '../../../src/common/validation/enums.js';
import { queryRows } from '../db.js';
import { allWeek, type WeeklyRule } from '../factories.js';
import type { TestApp } from '../test-app.js';
import { insertDoctor, insertUser, type DoctorRowOptions, type RowDoctor, type RowUser } from './people.js';
import { sqlAgo, sqlInstant, type Ago } from './sql.js';

export interface RowAppointmentType {
  id: string;
  doctorId: string;
  durationMinutes: number;
  bufferMinutes: number;
  mode: ConsultationMode;
}

/** A doctor patients can book: hours, an active type, verified. */
export interface RowBookableDoctor extends RowDoctor {
  type: RowAppointmentType;
}

export type AvailabilityRow = Omit<Partial<AvailabilitySettings>, 'weekly'> & { weekly?: WeeklyRule[] };

/** The doctor's availability row: all week 09:00–17:00 in the doctor's zone unless told, the contract's default settings. */
export async function insertAvailability(t: TestApp, doctorId: string, settings: AvailabilityRow = {}): Promise<void> {
  await queryRows(
    t,
    sql`insert into availability (doctor_id, weekly, slot_interval_minutes, min_notice_minutes, max_advance_days, cancellation_notice_hours)
        values (${doctorId}, ${JSON.stringify(settings.weekly ?? allWeek('09:00', '17:00'))}::jsonb, ${settings.slotIntervalMinutes ?? null},
                ${settings.minNoticeMinutes ?? 60}, ${settings.maxAdvanceDays ?? 90}, ${settings.cancellationNoticeHours ?? 24})`,
  );
}

/** An active appointment type: a 30-minute video consultation without buffer unless told. */
export async function insertAppointmentType(t: TestApp, doctorId: string, type: Partial<Omit<RowAppointmentType, 'id' | 'doctorId'>> = {}): Promise<RowAppointmentType> {
  const row: RowAppointmentType = { id: randomUUID(), doctorId, durationMinutes: 30, bufferMinutes: 0, mode: 'video', ...type };
  await queryRows(
    t,
    sql`insert into appointment_types (id, doctor_id, name, duration_minutes, buffer_minutes, mode)
        values (${row.id}, ${doctorId}, 'Consultation', ${row.durationMinutes}, ${row.bufferMinutes}, ${row.mode}::consultation_mode)`,
  );
  return row;
}

/** The row version of `createBookableDoctor`: a verified doctor, their availability row and one type. */
export async function insertBookableDoctor(
  t: TestApp,
  options: DoctorRowOptions & { availability?: AvailabilityRow; type?: Partial<Omit<RowAppointmentType, 'id' | 'doctorId'>> } = {},
): Promise<RowBookableDoctor> {
  const doctor = await insertDoctor(t, options);
  await insertAvailability(t, doctor.doctorId, options.availability);
  return { ...doctor, type: await insertAppointmentType(t, doctor.doctorId, options.type) };
}

/** Time off `[start, end)`; a day in 2030 unless told. */
export async function insertTimeOff(t: TestApp, doctorId: string, range: { start: Date | string; end: Date | string } = { start: '2030-01-01T00:00:00Z', end: '2030-01-02T00:00:00Z' }): Promise<string> {
  const id = randomUUID();
  await queryRows(t, sql`insert into time_off (id, doctor_id, start_at, end_at) values (${id}, ${doctorId}, ${sqlInstant(range.start)}, ${sqlInstant(range.end)})`);
  return id;
}

export interface NewAppointmentRow {
  type: RowAppointmentType;
  patientId: string;
  /** Default: an hour of its own in 2030, after the previous default, so such rows never overlap. */
  start?: Date | string;
  status?: AppointmentStatus;
}

let nextFreeHour = 0;

/**
 * An appointment of `type` (its doctor, length, buffer and mode) without a reason, written as
 * the booking would have written it (the exclusion constraints still apply). Returns its id.
 */
export async function insertAppointment(t: TestApp, appointment: NewAppointmentRow): Promise<string> {
  const { type } = appointment;
  const id = randomUUID();
  const start = new Date(appointment.start ?? Date.UTC(2030, 0, 1) + nextFreeHour++ * 3_600_000);
  const end = new Date(start.getTime() + type.durationMinutes * 60_000);
  const busyUntil = new Date(end.getTime() + type.bufferMinutes * 60_000);
  await queryRows(
    t,
    sql`insert into appointments (id, doctor_id, patient_id, appointment_type_id, start_at, end_at, busy_until, mode, status)
        values (${id}, ${type.doctorId}, ${appointment.patientId}, ${type.id}, ${sqlInstant(start)}, ${sqlInstant(end)}, ${sqlInstant(busyUntil)},
                ${type.mode}::consultation_mode, ${appointment.status ?? 'confirmed'}::appointment_status)`,
  );
  return id;
}

/** A confirmed appointment at `start` between a new bookable doctor (defaults: hours 09–17 UTC, 24 h notice) and a new patient. */
export async function insertBookedVisit(t: TestApp, start: Date | string): Promise<{ doctor: RowBookableDoctor; patient: RowUser; id: string }> {
  const doctor = await insertBookableDoctor(t);
  const patient = await insertUser(t);
  return { doctor, patient, id: await insertAppointment(t, { type: doctor.type, patientId: patient.userId, start }) };
}

/** An idempotency record of `userId` made `createdAgo` ago (by the database clock); returns its key. */
export async function insertIdempotencyRecord(t: TestApp, userId: string, createdAgo: Ago): Promise<string> {
  const key = randomUUID();
  await queryRows(t, sql`insert into idempotency_keys (user_id, key, request_hash, created_at) values (${userId}, ${key}, 'hash', ${sqlAgo(createdAgo)})`);
  return key;
}

/** An outbox row: delivered `sentAgo` ago, or pending (null). Returns its id. */
export async function insertOutboxMessage(t: TestApp, sentAgo: Ago | null, attempts = 1): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    t,
    sql`insert into outbox (kind, payload, available_at, attempts, sent_at, created_at)
        values ('appointment.booked', ${JSON.stringify({ appointmentId: randomUUID() })}::jsonb, now() + interval '1 day', ${attempts}, ${sqlAgo(sentAgo)}, now() - interval '400 days')
        returning id`,
  );
  return row!.id;
}
